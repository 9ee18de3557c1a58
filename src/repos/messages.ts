import { escapeLike, type Queryable } from './queryable.js';

/** A built-in mailbox message, without its body and source (what a list shows). */
export interface MessageRecord {
  id: number;
  accountId: number;
  folder: string;
  sender: string;
  subject: string;
  kind: 'mail' | 'notice';
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  /** Bytes. */
  size: number;
  hasAttachments: boolean;
  receivedAt: number;
}

/** A message with its plain-text body and, for mail written in WebMail, its MIME source. */
export interface FullMessageRecord extends MessageRecord {
  body: string;
  source: Buffer | null;
}

/** A message to store: notices and welcome mail have text only; sent mail has its source too. */
export interface NewMessage {
  accountId: number;
  sender: string;
  subject: string;
  body: string;
  kind: 'mail' | 'notice';
  folder?: string;
  seen?: boolean;
  hasAttachments?: boolean;
  source?: Buffer;
}

/** Flags to set (true) or clear (false). */
export interface MessageFlags {
  seen?: boolean;
  flagged?: boolean;
  answered?: boolean;
}

const LIST_COLUMNS = ['id', 'account_id', 'folder', 'sender', 'subject', 'kind', 'seen', 'flagged', 'answered', 'size', 'has_attachments', 'received_at'];

function toMessage(row: Record<string, any>): MessageRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    folder: row.folder,
    sender: row.sender,
    subject: row.subject,
    kind: row.kind,
    seen: Boolean(row.seen),
    flagged: Boolean(row.flagged),
    answered: Boolean(row.answered),
    size: Number(row.size),
    hasAttachments: Boolean(row.has_attachments),
    receivedAt: Number(row.received_at),
  };
}

/** Puts a message in a folder (INBOX unless told) of an account's mailbox; answers its id. */
export async function deliverMessage(q: Queryable, message: NewMessage, now: number): Promise<number> {
  const [row] = await q('messages')
    .insert({
      account_id: message.accountId,
      folder: message.folder ?? 'INBOX',
      sender: message.sender,
      subject: message.subject,
      body: message.body,
      kind: message.kind,
      seen: message.seen ?? false,
      size: message.source?.length ?? Buffer.byteLength(message.body),
      has_attachments: message.hasAttachments ?? false,
      source: message.source ?? null,
      received_at: now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** Narrows to the account's messages of a folder, and to those whose sender, subject or body holds `search` (any case). */
function inFolder(q: Queryable, accountId: number, folder: string, search: string) {
  const query = q('messages').where({ account_id: accountId, folder });
  if (!search) return query;
  const pattern = `%${escapeLike(search.toLowerCase())}%`;
  return query.where((any) => {
    for (const column of ['sender', 'subject', 'body']) any.orWhereRaw("lower(??) LIKE ? ESCAPE '\\'", [column, pattern]);
  });
}

/** One page of a folder's messages (matching `search` when given), newest first. */
export async function listFolderMessages(q: Queryable, accountId: number, folder: string, page: { limit: number; offset: number; search?: string }): Promise<MessageRecord[]> {
  const rows = await inFolder(q, accountId, folder, page.search ?? '')
    .select(LIST_COLUMNS)
    .orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toMessage);
}

/** How many messages a folder holds (matching `search` when given). */
export async function countFolderMessages(q: Queryable, accountId: number, folder: string, search = ''): Promise<number> {
  const row = await inFolder(q, accountId, folder, search).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Messages and unread messages of each folder that holds any. */
export async function folderCounts(q: Queryable, accountId: number): Promise<{ folder: string; total: number; unread: number }[]> {
  const rows = await q('messages')
    .where({ account_id: accountId })
    .groupBy('folder')
    .select('folder')
    .count({ total: '*' })
    .sum({ unread: q.raw('CASE WHEN seen THEN 0 ELSE 1 END') });
  return rows.map((row: Record<string, any>) => ({ folder: row.folder, total: Number(row.total), unread: Number(row.unread ?? 0) }));
}

/** An account's messages of every folder with their text, newest first. */
export async function listMessages(q: Queryable, accountId: number, limit = 100, offset = 0): Promise<(MessageRecord & { body: string })[]> {
  const rows = await q('messages').where({ account_id: accountId }).select([...LIST_COLUMNS, 'body']).orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit).offset(offset);
  return rows.map((row: Record<string, any>) => ({ ...toMessage(row), body: row.body }));
}

/** The largest id a stored message can have (a 32-bit signed integer column); a larger one names no message. */
const MAX_MESSAGE_ID = 2 ** 31 - 1;

/** The ids that can name a stored message (a forged larger one matches nothing, rather than failing on PostgreSQL). */
function storable(ids: number[]): number[] {
  return ids.filter((id) => Number.isSafeInteger(id) && id >= 1 && id <= MAX_MESSAGE_ID);
}

/** One message of an account's folder with its body (null when that folder of that account holds no such message). */
export async function findMessage(q: Queryable, accountId: number, folder: string, id: number): Promise<FullMessageRecord | null> {
  if (storable([id]).length === 0) return null;
  const row = await q('messages').where({ account_id: accountId, folder, id }).first();
  if (!row) return null;
  return { ...toMessage(row), body: row.body, source: row.source ? Buffer.from(row.source) : null };
}

/** Sets or clears flags of the account's messages `ids` in `folder`; answers how many rows it matched. */
export async function updateMessageFlags(q: Queryable, accountId: number, folder: string, ids: number[], flags: MessageFlags): Promise<number> {
  const change: Record<string, boolean> = {};
  for (const name of ['seen', 'flagged', 'answered'] as const) if (flags[name] !== undefined) change[name] = flags[name]!;
  const known = storable(ids);
  if (known.length === 0 || Object.keys(change).length === 0) return 0;
  return q('messages').where({ account_id: accountId, folder }).whereIn('id', known).update(change);
}

/** Moves the account's messages `ids` from `folder` to `target`; answers how many. */
export async function moveMessages(q: Queryable, accountId: number, folder: string, ids: number[], target: string): Promise<number> {
  const known = storable(ids);
  if (known.length === 0) return 0;
  return q('messages').where({ account_id: accountId, folder }).whereIn('id', known).update({ folder: target });
}

/** Deletes the account's messages `ids` of `folder` (every message of it when `ids` is null); answers how many. */
export async function deleteMessages(q: Queryable, accountId: number, folder: string, ids: number[] | null): Promise<number> {
  const query = q('messages').where({ account_id: accountId, folder });
  if (ids !== null) {
    const known = storable(ids);
    if (known.length === 0) return 0;
    query.whereIn('id', known);
  }
  return query.delete();
}
