import type { Queryable } from './queryable.js';

/** A browser an account trusts to skip the code: never its token, only the token's hash. */
export interface TrustedBrowserRecord {
  id: number;
  accountId: number;
  tokenHash: string;
  description: string;
  ip: string | null;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRecord(row: Record<string, any>): TrustedBrowserRecord {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    tokenHash: row.token_hash,
    description: row.description,
    ip: row.ip ?? null,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    lastUsedAt: num(row.last_used_at),
  };
}

/** The account's trusted browsers, newest first. */
export async function listTrustedBrowsers(q: Queryable, accountId: number): Promise<TrustedBrowserRecord[]> {
  const rows = await q('trusted_browsers').where({ account_id: accountId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return rows.map(toRecord);
}

/** The trusted browser whose token has `tokenHash`, or null. */
export async function findTrustedBrowser(q: Queryable, tokenHash: string): Promise<TrustedBrowserRecord | null> {
  const row = await q('trusted_browsers').where({ token_hash: tokenHash }).first();
  return row ? toRecord(row) : null;
}

/** Stores a new trusted browser; answers its id. */
export async function insertTrustedBrowser(q: Queryable, fields: Omit<TrustedBrowserRecord, 'id' | 'lastUsedAt'>): Promise<number> {
  const [row] = await q('trusted_browsers')
    .insert({ account_id: fields.accountId, token_hash: fields.tokenHash, description: fields.description, ip: fields.ip, created_at: fields.createdAt, expires_at: fields.expiresAt })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** Notes a sign-in that skipped the code on this browser. */
export async function touchTrustedBrowser(q: Queryable, id: number, at: number): Promise<void> {
  await q('trusted_browsers').where({ id }).update({ last_used_at: at });
}

/** Deletes one trusted browser of the account; answers its description, or null when it was not there. */
export async function deleteTrustedBrowser(q: Queryable, accountId: number, id: number): Promise<string | null> {
  const row = await q('trusted_browsers').where({ account_id: accountId, id }).first('description');
  if (!row) return null;
  return (await q('trusted_browsers').where({ account_id: accountId, id }).delete()) === 1 ? row.description : null;
}

/** Deletes every trusted browser of the account; answers how many there were. */
export async function deleteAllTrustedBrowsers(q: Queryable, accountId: number): Promise<number> {
  return q('trusted_browsers').where({ account_id: accountId }).delete();
}

/** Deletes the trusts that ended before `now` (housekeeping); answers how many. */
export async function deleteExpiredTrustedBrowsers(q: Queryable, now: number): Promise<number> {
  return q('trusted_browsers').where('expires_at', '<=', now).delete();
}
