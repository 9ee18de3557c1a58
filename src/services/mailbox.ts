import { isFolderName } from '../core/mail-folders.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { attachmentOf, displayMessage, type AttachmentContent, type DisplayOptions, type MessageDisplay } from './mail-store/message-display.js';
import type { FolderSummary, MailUser, MessagePage } from './mail-store/types.js';

/** Longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 200;

/** Highest page number a list accepts. */
export const MAX_PAGE = 100_000;

/** The mail identity of a signed-in account. */
export function mailUserOf(account: { id: number; address: string }): MailUser {
  return { accountId: account.id, address: account.address };
}

/** Refuses a folder name no mailbox can have (empty, too long, control characters). */
export function checkFolderName(folder: string): string {
  if (!isFolderName(folder)) throw new ServiceError('invalid', 'That is not a folder name.', 'folder');
  return folder;
}

/** The user's folders with their unread counts, standard folders first. */
export function mailFolders(ctx: ServiceContext, user: MailUser): Promise<FolderSummary[]> {
  return ctx.mail.folders(user);
}

/** One page of a folder (1 = newest), or of the messages matching `query` in it. */
export function folderPage(ctx: ServiceContext, user: MailUser, request: { folder: string; page: number; query: string }): Promise<MessagePage> {
  checkFolderName(request.folder);
  if (!Number.isInteger(request.page) || request.page < 1 || request.page > MAX_PAGE) throw new ServiceError('invalid', 'That is not a page number.', 'page');
  const query = request.query.trim();
  if (query.length > MAX_SEARCH_LENGTH || /[\x00-\x1f\x7f]/.test(query)) {
    throw new ServiceError('invalid', `Search for at most ${MAX_SEARCH_LENGTH} characters of plain text.`, 'q');
  }
  return ctx.mail.list(user, { folder: request.folder, page: request.page, query });
}

/** Opens one of the user's messages for reading and marks it read; null when the folder holds no such message. */
export async function openMessage(ctx: ServiceContext, user: MailUser, folder: string, id: number, options: DisplayOptions): Promise<MessageDisplay | null> {
  checkFolderName(folder);
  const stored = await ctx.mail.fetch(user, folder, id);
  if (!stored) return null;
  if (!stored.summary.seen) {
    await ctx.mail.setFlags(user, folder, [id], { seen: true });
    stored.summary.seen = true;
  }
  return displayMessage(stored, folder, options);
}

/** The whole of one of the user's messages as a file (its MIME source, or its text when stored without one), or null. */
export async function messageSource(ctx: ServiceContext, user: MailUser, folder: string, id: number): Promise<AttachmentContent | null> {
  checkFolderName(folder);
  const stored = await ctx.mail.fetch(user, folder, id);
  if (!stored) return null;
  return stored.source
    ? { filename: 'message.eml', contentType: 'message/rfc822', content: stored.source }
    : { filename: 'message.txt', contentType: 'text/plain', content: Buffer.from(stored.text) };
}

/** Attachment number `index` of one of the user's messages, or null. */
export async function messageAttachment(ctx: ServiceContext, user: MailUser, folder: string, id: number, index: number): Promise<AttachmentContent | null> {
  checkFolderName(folder);
  const stored = await ctx.mail.fetch(user, folder, id);
  return stored ? attachmentOf(stored, index) : null;
}
