import type { Queryable } from './queryable.js';

/** The tables whose rows hold a sealed TOTP secret. */
export const SECRET_TABLES = ['accounts', 'admins'] as const;

/** One of SECRET_TABLES. */
export type SecretTable = (typeof SECRET_TABLES)[number];

/** Every sealed TOTP secret of `table`: its row id and the sealed value. */
export async function sealedSecretsOf(q: Queryable, table: SecretTable): Promise<{ id: number; sealed: string }[]> {
  const rows = await q(table).whereNotNull('totp_secret_enc').select('id', 'totp_secret_enc').orderBy('id');
  return rows.map((row) => ({ id: Number(row.id), sealed: row.totp_secret_enc as string }));
}

/** Replaces the sealed TOTP secret of row `id` of `table` (the same secret, sealed again). */
export async function resealSecret(q: Queryable, table: SecretTable, id: number, sealed: string): Promise<void> {
  await q(table).where({ id }).update({ totp_secret_enc: sealed });
}

/** Every stored session's id and raw data (JSON text). */
export async function sessionDataRows(q: Queryable): Promise<{ sid: string; data: string }[]> {
  return (await q('sessions').select('sid', 'data').orderBy('sid')).map((row) => ({ sid: row.sid as string, data: row.data as string }));
}

/** Replaces the raw data (JSON text) of session `sid`. */
export async function replaceSessionData(q: Queryable, sid: string, data: string): Promise<void> {
  await q('sessions').where({ sid }).update({ data });
}
