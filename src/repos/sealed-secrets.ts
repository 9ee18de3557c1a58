import type { Queryable } from './queryable.js';

/** Whose second factors hold a sealed TOTP secret: accounts' or admins'. */
export const SECRET_TABLES = ['accounts', 'admins'] as const;

/** One of SECRET_TABLES. */
export type SecretTable = (typeof SECRET_TABLES)[number];

const OWNER = { accounts: 'account_id', admins: 'admin_id' } as const;

/** Every sealed TOTP secret of the second factors of `table`'s rows: the second factor's id, its owner's id and the sealed value. */
export async function sealedSecretsOf(q: Queryable, table: SecretTable): Promise<{ id: number; ownerId: number; sealed: string }[]> {
  const rows = await q('second_factors').whereNotNull(OWNER[table]).whereNotNull('secret_enc').select('id', `${OWNER[table]} as owner_id`, 'secret_enc').orderBy('id');
  return rows.map((row) => ({ id: Number(row.id), ownerId: Number(row.owner_id), sealed: row.secret_enc as string }));
}

/** Replaces the sealed TOTP secret of second factor `id` (the same secret, sealed again). */
export async function resealSecret(q: Queryable, id: number, sealed: string): Promise<void> {
  await q('second_factors').where({ id }).update({ secret_enc: sealed });
}

/** Every stored session's id and raw data (JSON text). */
export async function sessionDataRows(q: Queryable): Promise<{ sid: string; data: string }[]> {
  return (await q('sessions').select('sid', 'data').orderBy('sid')).map((row) => ({ sid: row.sid as string, data: row.data as string }));
}

/** Replaces the raw data (JSON text) of session `sid`. */
export async function replaceSessionData(q: Queryable, sid: string, data: string): Promise<void> {
  await q('sessions').where({ sid }).update({ data });
}
