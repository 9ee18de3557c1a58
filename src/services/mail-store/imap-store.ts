import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { folderLabel, SPECIAL_USE, sortFolders, type FolderRole } from '../../core/mail-folders.js';
import { newestFirstPage } from '../../core/mail-paging.js';
import { hasAttachmentPart } from '../../core/mail-structure.js';
import type { MasterEndpoint } from '../../mail-protocol/endpoint.js';
import {
  appendMessage,
  changeFlags,
  expungeMessages,
  fetchBySequence,
  fetchByUid,
  fetchSource,
  listFolders,
  moveMessages,
  NoSuchFolderError,
  presentUids,
  searchFolder,
  selectFolder,
} from '../../mail-protocol/imap-mailbox.js';
import { ImapPool, type PoolLimits } from '../../mail-protocol/imap-pool.js';
import { submitMessage } from '../../mail-protocol/smtp-sender.js';
import { noSuchFolder } from './errors.js';
import { NOTICE_FLAG, type FlagChange, type FolderSummary, type MailStore, type MailUser, type MessageSummary, type OutgoingMessage, type SendOutcome } from './types.js';

const FLAG_NAMES: Record<keyof FlagChange, string> = { seen: '\\Seen', flagged: '\\Flagged', answered: '\\Answered' };

function roleOf(path: string, specialUse: string | null): FolderRole | null {
  if (path.toUpperCase() === 'INBOX') return 'inbox';
  return specialUse ? (SPECIAL_USE[specialUse] ?? null) : null;
}

function summaryOf(message: FetchMessageObject): MessageSummary {
  const from = message.envelope?.from?.[0];
  const flags = message.flags ?? new Set<string>();
  const date = message.internalDate ? new Date(message.internalDate).getTime() : 0;
  return {
    id: message.uid,
    fromName: from?.name ?? '',
    fromAddress: from?.address ?? '',
    subject: message.envelope?.subject ?? '',
    date: Number.isFinite(date) ? date : 0,
    size: message.size ?? 0,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    hasAttachments: hasAttachmentPart(message.bodyStructure),
    notice: flags.has(NOTICE_FLAG),
  };
}

/** Where the IMAP store connects: IMAP for the mailboxes, SMTP submission for sending. */
export interface ImapStoreOptions {
  imap: MasterEndpoint;
  smtp: MasterEndpoint;
  limits?: PoolLimits;
}

/**
 * The mail store of a real mail server: every mailbox is opened over IMAP as the Dovecot master
 * user (`alice@example.com*webmail`), mail is sent through SMTP submission the same way, and the
 * server's own SEARCH, MOVE and flags do the work. No user password is needed or kept.
 */
export class ImapMailStore implements MailStore {
  readonly kind = 'imap' as const;
  private readonly pool: ImapPool;

  /** Connects lazily: nothing is opened until a mailbox is used. */
  constructor(private readonly options: ImapStoreOptions) {
    this.pool = new ImapPool(options.imap, options.limits);
  }

  /** Runs `work` on the user's connection with `folder` selected; a missing folder is a not_found refusal. */
  private inFolder<T>(user: MailUser, folder: string, work: (client: ImapFlow, exists: number) => Promise<T>): Promise<T> {
    return this.pool
      .run(user.address, async (client) => work(client, await selectFolder(client, folder)))
      .catch((err) => {
        // The folder worked in, or another one named by the command (a move's target).
        if (err instanceof NoSuchFolderError) throw noSuchFolder(err.message, err.message === folder ? 'folder' : 'target');
        throw err;
      });
  }

  async folders(user: MailUser): Promise<FolderSummary[]> {
    const listed = await this.pool.run(user.address, listFolders);
    const folders = listed
      .filter((folder) => folder.selectable)
      .map((folder) => {
        const role = roleOf(folder.path, folder.specialUse);
        return { name: folder.path, label: folderLabel(folder.path, role), role, total: folder.messages, unread: folder.unseen };
      });
    return sortFolders(folders);
  }

  list(user: MailUser, request: { folder: string; page: number; query: string }) {
    return this.inFolder(user, request.folder, async (client, exists) => {
      if (!request.query) {
        const slice = newestFirstPage(exists, request.page);
        const found = await fetchBySequence(client, slice.start + 1, slice.end);
        const messages = found.sort((a, b) => b.seq - a.seq).map(summaryOf);
        return { folder: request.folder, page: slice.page, pages: slice.pages, total: exists, messages };
      }
      const uids = await searchFolder(client, request.query);
      const slice = newestFirstPage(uids.length, request.page);
      const found = await fetchByUid(client, uids.slice(slice.start, slice.end));
      const messages = found.sort((a, b) => b.uid - a.uid).map(summaryOf);
      return { folder: request.folder, page: slice.page, pages: slice.pages, total: uids.length, messages };
    });
  }

  fetch(user: MailUser, folder: string, id: number) {
    return this.inFolder(user, folder, async (client) => {
      const found = await fetchSource(client, id);
      return found ? { summary: summaryOf(found), source: found.source ?? Buffer.alloc(0), text: '' } : null;
    });
  }

  /** Runs `work` on those of `ids` the folder holds, and answers how many that were. */
  private onPresent(user: MailUser, folder: string, ids: number[], work: (client: ImapFlow, uids: number[]) => Promise<void>): Promise<number> {
    return this.inFolder(user, folder, async (client) => {
      const uids = await presentUids(client, ids);
      if (uids.length) await work(client, uids);
      return uids.length;
    });
  }

  setFlags(user: MailUser, folder: string, ids: number[], change: FlagChange): Promise<number> {
    const add = (Object.keys(FLAG_NAMES) as (keyof FlagChange)[]).filter((name) => change[name] === true).map((name) => FLAG_NAMES[name]);
    const remove = (Object.keys(FLAG_NAMES) as (keyof FlagChange)[]).filter((name) => change[name] === false).map((name) => FLAG_NAMES[name]);
    return this.onPresent(user, folder, ids, (client, uids) => changeFlags(client, uids, add, remove));
  }

  move(user: MailUser, folder: string, ids: number[], target: string): Promise<number> {
    return this.onPresent(user, folder, ids, (client, uids) => moveMessages(client, uids, target));
  }

  destroy(user: MailUser, folder: string, ids: number[]): Promise<number> {
    return this.onPresent(user, folder, ids, expungeMessages);
  }

  empty(user: MailUser, folder: string): Promise<void> {
    return this.inFolder(user, folder, (client) => expungeMessages(client, null));
  }

  async send(user: MailUser, message: OutgoingMessage, sentFolder: string): Promise<SendOutcome> {
    const result = await submitMessage(this.options.smtp, user.address, { from: message.from, to: message.recipients }, message.source);
    // The message is gone either way: a copy that cannot be saved must not make it look unsent.
    const copySaved = await this.append(user, sentFolder, message.source, ['\\Seen']).then(
      () => true,
      () => false,
    );
    return { refused: result.refused, copySaved };
  }

  async append(user: MailUser, folder: string, source: Buffer, flags: string[], date?: Date): Promise<void> {
    await this.pool.run(user.address, (client) => appendMessage(client, folder, source, flags, date)).catch((err) => {
      if (err instanceof NoSuchFolderError) throw noSuchFolder(err.message);
      throw err;
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
