import type { Queryable } from './queryable.js';

/** A mailbox message. */
export interface MessageRecord {
  id: number;
  accountId: number;
  sender: string;
  subject: string;
  body: string;
  kind: 'mail' | 'notice';
  seen: boolean;
  receivedAt: number;
}

function toMessage(row: Record<string, any>): MessageRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    sender: row.sender,
    subject: row.subject,
    body: row.body,
    kind: row.kind,
    seen: Boolean(row.seen),
    receivedAt: Number(row.received_at),
  };
}

/** Puts a message in an account's mailbox. */
export async function deliverMessage(
  q: Queryable,
  message: { accountId: number; sender: string; subject: string; body: string; kind: 'mail' | 'notice' },
  now: number,
): Promise<void> {
  await q('messages').insert({
    account_id: message.accountId,
    sender: message.sender,
    subject: message.subject,
    body: message.body,
    kind: message.kind,
    received_at: now,
  });
}

/** An account's messages, newest first. */
export async function listMessages(q: Queryable, accountId: number, limit = 100, offset = 0): Promise<MessageRecord[]> {
  const rows = await q('messages').where({ account_id: accountId }).orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit).offset(offset);
  return rows.map(toMessage);
}

/** How many messages an account has. */
export async function countMessages(q: Queryable, accountId: number): Promise<number> {
  const row = await q('messages').where({ account_id: accountId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** One message of an account (null when it is not that account's). */
export async function findMessage(q: Queryable, accountId: number, id: number): Promise<MessageRecord | null> {
  const row = await q('messages').where({ account_id: accountId, id }).first();
  return row ? toMessage(row) : null;
}

/** Marks a message read. */
export async function markMessageSeen(q: Queryable, id: number): Promise<void> {
  await q('messages').where({ id }).update({ seen: true });
}
