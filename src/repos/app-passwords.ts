import type { Queryable } from './queryable.js';

/** One app password of an account: its name, hash and last use. */
export interface AppPasswordRecord {
  id: number;
  accountId: number;
  name: string;
  /** `sha256$<salt>$<digest>` (core/app-passwords). */
  hash: string;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  /** Dovecot's service name: imap, pop3, submission. */
  lastUsedProtocol: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRecord(row: Record<string, any>): AppPasswordRecord {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    name: row.name,
    hash: row.hash,
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
    lastUsedIp: row.last_used_ip ?? null,
    lastUsedProtocol: row.last_used_protocol ?? null,
  };
}

/** The account's app passwords, oldest first. */
export async function listAppPasswords(q: Queryable, accountId: number): Promise<AppPasswordRecord[]> {
  const rows = await q('app_passwords').where({ account_id: accountId }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return rows.map(toRecord);
}

/** Stores a new app password; answers its id. */
export async function insertAppPassword(q: Queryable, fields: { accountId: number; name: string; hash: string }, now: number): Promise<number> {
  const [row] = await q('app_passwords').insert({ account_id: fields.accountId, name: fields.name, hash: fields.hash, created_at: now }).returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** Deletes one app password of the account with the addresses it was used from; answers whether it was there. */
export async function deleteAppPassword(q: Queryable, accountId: number, id: number): Promise<boolean> {
  await q('app_password_addresses').where({ app_password_id: id }).whereIn('app_password_id', q('app_passwords').select('id').where({ account_id: accountId })).delete();
  return (await q('app_passwords').where({ account_id: accountId, id }).delete()) === 1;
}

/** Deletes every app password of the account with the addresses they were used from; answers how many there were. */
export async function deleteAllAppPasswords(q: Queryable, accountId: number): Promise<number> {
  await q('app_password_addresses').whereIn('app_password_id', q('app_passwords').select('id').where({ account_id: accountId })).delete();
  return q('app_passwords').where({ account_id: accountId }).delete();
}

/** Notes a sign-in with the app password: when, from where, over which protocol. */
export async function touchAppPassword(q: Queryable, id: number, use: { at: number; ip: string | null; protocol: string }): Promise<void> {
  await q('app_passwords').where({ id }).update({ last_used_at: use.at, last_used_ip: use.ip, last_used_protocol: use.protocol });
}

/**
 * Records that the app password signed in from `ip`, in one statement; answers true only for the
 * first time (of simultaneous first sign-ins from one address, exactly one gets true).
 */
export async function addAppPasswordAddress(q: Queryable, id: number, ip: string, now: number): Promise<boolean> {
  const result = await q.raw(
    `INSERT INTO app_password_addresses (app_password_id, ip, first_used_at) VALUES (?, ?, ?)
     ON CONFLICT (app_password_id, ip) DO NOTHING
     RETURNING app_password_id`,
    [id, ip, now],
  );
  const rows: unknown[] = Array.isArray(result) ? result : result.rows;
  return rows.length === 1;
}
