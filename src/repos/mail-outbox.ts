import type { Knex } from 'knex';
import type { Queryable } from './queryable.js';

/** Narrows to entries due at `now` that no worker holds. */
function due<Q extends Knex.QueryBuilder>(query: Q, now: number): Q {
  return query.where('next_attempt_at', '<=', now).where((any) => any.whereNull('claimed_until').orWhere('claimed_until', '<', now)) as Q;
}

/** A message the product wrote, waiting for the mail server, with the address of its mailbox. */
export interface OutboxEntry {
  id: number;
  accountId: number;
  address: string;
  sender: string;
  subject: string;
  body: string;
  kind: 'mail' | 'notice';
  createdAt: number;
  attempts: number;
}

/** Queues a message for an account's mailbox on the mail server (inside the caller's transaction). */
export async function enqueueOutbox(q: Queryable, message: { accountId: number; sender: string; subject: string; body: string; kind: 'mail' | 'notice' }, now: number): Promise<void> {
  await q('mail_outbox').insert({
    account_id: message.accountId,
    sender: message.sender,
    subject: message.subject,
    body: message.body,
    kind: message.kind,
    created_at: now,
    next_attempt_at: now,
  });
}

/**
 * Claims up to `limit` entries that are due and not claimed by another worker, for `leaseMs`: each
 * is taken by one conditional update, so two instances never deliver the same entry at once.
 */
export async function claimDueOutbox(q: Queryable, now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
  const candidates: { id: number }[] = await due(q('mail_outbox'), now).orderBy('id').limit(limit).select('id');
  const claimed: number[] = [];
  for (const { id } of candidates) {
    const taken = await due(q('mail_outbox').where({ id }), now).update({ claimed_until: now + leaseMs });
    if (taken === 1) claimed.push(id);
  }
  if (claimed.length === 0) return [];
  const rows = await q('mail_outbox as o')
    .join('accounts as a', 'a.id', 'o.account_id')
    .join('domains as d', 'd.id', 'a.domain_id')
    .whereIn('o.id', claimed)
    .orderBy('o.id')
    .select('o.*', 'a.name as account_name', 'd.name as domain_name');
  return rows.map((row: Record<string, any>) => ({
    id: row.id,
    accountId: row.account_id,
    address: `${row.account_name}@${row.domain_name}`,
    sender: row.sender,
    subject: row.subject,
    body: row.body,
    kind: row.kind,
    createdAt: Number(row.created_at),
    attempts: Number(row.attempts),
  }));
}

/** Removes a delivered entry. */
export async function removeOutboxEntry(q: Queryable, id: number): Promise<void> {
  await q('mail_outbox').where({ id }).delete();
}

/** Puts an entry back for a later attempt after a failure. */
export async function retryOutboxEntry(q: Queryable, id: number, nextAttemptAt: number, error: string): Promise<void> {
  await q('mail_outbox').where({ id }).increment('attempts', 1).update({ next_attempt_at: nextAttemptAt, claimed_until: null, last_error: error.slice(0, 500) });
}

/** Entries waiting, oldest first (for tests and WebAdmin). */
export async function pendingOutbox(q: Queryable): Promise<{ id: number; accountId: number; subject: string; attempts: number; nextAttemptAt: number; lastError: string | null }[]> {
  const rows = await q('mail_outbox').orderBy('id').select('id', 'account_id', 'subject', 'attempts', 'next_attempt_at', 'last_error');
  return rows.map((row: Record<string, any>) => ({ id: row.id, accountId: row.account_id, subject: row.subject, attempts: Number(row.attempts), nextAttemptAt: Number(row.next_attempt_at), lastError: row.last_error }));
}
