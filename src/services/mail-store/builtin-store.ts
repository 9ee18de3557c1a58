import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { folderLabel, STANDARD_FOLDERS, sortFolders } from '../../core/mail-folders.js';
import { newestFirstPage } from '../../core/mail-paging.js';
import { parseMime } from '../../mail-protocol/mime.js';
import { findAccount } from '../../repos/accounts.js';
import {
  countFolderMessages,
  deleteMessages,
  deliverMessage,
  findMessage,
  folderCounts,
  listFolderMessages,
  moveMessages,
  updateMessageFlags,
  type MessageRecord,
} from '../../repos/messages.js';
import { MailRefusedError, noSuchFolder } from './errors.js';
import { NOTICE_FLAG, type FlagChange, type FolderSummary, type ListRequest, type MailStore, type MailUser, type MessagePage, type OutgoingMessage, type SendOutcome, type StoredMessage } from './types.js';

function summaryOf(message: MessageRecord) {
  return {
    id: message.id,
    fromName: '',
    fromAddress: message.sender,
    subject: message.subject,
    date: message.receivedAt,
    size: message.size,
    seen: message.seen,
    flagged: message.flagged,
    answered: message.answered,
    hasAttachments: message.hasAttachments,
    notice: message.kind === 'notice',
  };
}

/** What the table keeps of a MIME message besides its source: sender, subject, text for search, attachments. */
async function storedFrom(source: Buffer) {
  const parsed = await parseMime(source);
  const sender = parsed.from?.value[0]?.address ?? '';
  return { sender, subject: parsed.subject ?? '', body: parsed.text ?? '', kind: 'mail' as const, hasAttachments: parsed.attachments.length > 0, source };
}

/** Why the built-in store refuses a recipient: it delivers only to accounts of this server. */
export const LOCAL_ONLY = 'No such mailbox here: the built-in mail store delivers only to accounts of this server.';

/**
 * The embedded default: mail in the product's own `messages` table, in the standard folders. It
 * delivers only between accounts of this server (there is no mail server to send further), each
 * send in one transaction with its copy in Sent.
 */
export class BuiltinMailStore implements MailStore {
  readonly kind = 'builtin' as const;

  /** Stores into `db`; arrival times come from `clock`. */
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async folders(user: MailUser): Promise<FolderSummary[]> {
    const counts = new Map((await folderCounts(this.db, user.accountId)).map((row) => [row.folder, row]));
    const standard = STANDARD_FOLDERS.map((folder) => ({ name: folder.name, label: folder.label, role: folder.role, total: counts.get(folder.name)?.total ?? 0, unread: counts.get(folder.name)?.unread ?? 0 }));
    const own = [...counts.values()]
      .filter((row) => !STANDARD_FOLDERS.some((folder) => folder.name === row.folder))
      .map((row) => ({ name: row.folder, label: folderLabel(row.folder, null), role: null, total: row.total, unread: row.unread }));
    return sortFolders([...standard, ...own]);
  }

  /** Refuses a folder that is neither standard nor holds any of the user's messages. */
  private async requireFolder(user: MailUser, folder: string): Promise<void> {
    if (STANDARD_FOLDERS.some((standard) => standard.name === folder)) return;
    if ((await countFolderMessages(this.db, user.accountId, folder)) === 0) throw noSuchFolder(folder);
  }

  async list(user: MailUser, request: ListRequest): Promise<MessagePage> {
    await this.requireFolder(user, request.folder);
    const total = await countFolderMessages(this.db, user.accountId, request.folder, request.query);
    const slice = newestFirstPage(total, request.page);
    const records = await listFolderMessages(this.db, user.accountId, request.folder, { limit: slice.end - slice.start, offset: total - slice.end, search: request.query });
    return { folder: request.folder, page: slice.page, pages: slice.pages, total, messages: records.map(summaryOf) };
  }

  async fetch(user: MailUser, folder: string, id: number): Promise<StoredMessage | null> {
    await this.requireFolder(user, folder);
    const found = await findMessage(this.db, user.accountId, folder, id);
    return found ? { summary: summaryOf(found), source: found.source, text: found.body } : null;
  }

  async setFlags(user: MailUser, folder: string, ids: number[], change: FlagChange): Promise<number> {
    await this.requireFolder(user, folder);
    return updateMessageFlags(this.db, user.accountId, folder, ids, change);
  }

  async move(user: MailUser, folder: string, ids: number[], target: string): Promise<number> {
    await this.requireFolder(user, folder);
    await this.requireFolder(user, target);
    return moveMessages(this.db, user.accountId, folder, ids, target);
  }

  async destroy(user: MailUser, folder: string, ids: number[]): Promise<number> {
    await this.requireFolder(user, folder);
    return deleteMessages(this.db, user.accountId, folder, ids);
  }

  async empty(user: MailUser, folder: string): Promise<void> {
    await this.requireFolder(user, folder);
    await deleteMessages(this.db, user.accountId, folder, null);
  }

  async append(user: MailUser, folder: string, source: Buffer, flags: string[], date: Date): Promise<void> {
    await this.requireFolder(user, folder);
    const stored = await storedFrom(source);
    const kind = flags.includes(NOTICE_FLAG) ? ('notice' as const) : ('mail' as const);
    await deliverMessage(this.db, { ...stored, accountId: user.accountId, folder, kind, seen: flags.includes('\\Seen') }, date.getTime());
  }

  async send(user: MailUser, message: OutgoingMessage, sentFolder: string): Promise<SendOutcome> {
    const stored = { ...(await storedFrom(message.source)), sender: message.from };
    const refused: SendOutcome['refused'] = [];
    const now = this.clock.now();
    await this.db.transaction(async (trx) => {
      const delivered = new Set<number>();
      for (const recipient of new Set(message.recipients.map((address) => address.toLowerCase()))) {
        const at = recipient.lastIndexOf('@');
        const account = at > 0 ? await findAccount(trx, recipient.slice(at + 1), recipient.slice(0, at)) : null;
        if (!account) refused.push({ recipient, reason: LOCAL_ONLY });
        else if (!delivered.has(account.id)) {
          delivered.add(account.id);
          await deliverMessage(trx, { ...stored, accountId: account.id }, now);
        }
      }
      if (delivered.size === 0) throw new MailRefusedError(refused.map((one) => `${one.recipient}: ${one.reason}`).join(' '));
      await deliverMessage(trx, { ...stored, accountId: user.accountId, folder: sentFolder, seen: true }, now);
    });
    return { refused, copySaved: true };
  }

  async close(): Promise<void> {}
}
