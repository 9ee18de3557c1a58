import type { Queryable } from './queryable.js';
import type { TwoFactorSubject } from './two-factor.js';

const OWNER = { account: 'account_id', admin: 'admin_id' } as const;

/** Replaces the subject's recovery codes with a new set of hashes. */
export async function replaceRecoveryCodes(q: Queryable, subject: TwoFactorSubject, hashes: string[], now: number): Promise<void> {
  const owner = OWNER[subject.kind];
  await q('recovery_codes').where({ [owner]: subject.id }).delete();
  await q('recovery_codes').insert(hashes.map((code_hash) => ({ [owner]: subject.id, code_hash, created_at: now })));
}

/** Unused codes of the subject: ids and hashes. */
export async function unusedRecoveryCodes(q: Queryable, subject: TwoFactorSubject): Promise<{ id: number; hash: string }[]> {
  const rows = await q('recovery_codes').where({ [OWNER[subject.kind]]: subject.id }).whereNull('used_at').select('id', 'code_hash');
  return rows.map((row) => ({ id: row.id, hash: row.code_hash }));
}

/** Marks a code used, only if it still was unused; answers whether this call used it. */
export async function useRecoveryCode(q: Queryable, id: number, now: number): Promise<boolean> {
  return (await q('recovery_codes').where({ id }).whereNull('used_at').update({ used_at: now })) === 1;
}

/** How many unused codes the subject has left. */
export async function countUnusedRecoveryCodes(q: Queryable, subject: TwoFactorSubject): Promise<number> {
  const row = await q('recovery_codes').where({ [OWNER[subject.kind]]: subject.id }).whereNull('used_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
