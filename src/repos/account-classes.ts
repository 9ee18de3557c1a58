import type { TwoFactorSetting } from '../core/policy.js';
import type { Queryable } from './queryable.js';

/** An account class of a domain; a null setting inherits the domain's Account Defaults. */
export interface AccountClassRecord {
  id: number;
  domainId: number;
  name: string;
  twoFactor: TwoFactorSetting | null;
  /** "Days allowed to set up 2-Step Verification"; null inherits. */
  graceDays: number | null;
  /** "Allow trusting a browser for N days"; null inherits. */
  trustDays: number | null;
}

const days = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toClass(row: Record<string, any>): AccountClassRecord {
  return {
    id: row.id,
    domainId: row.domain_id,
    name: row.name,
    twoFactor: row.two_factor ?? null,
    graceDays: days(row.two_factor_grace_days),
    trustDays: days(row.two_factor_trust_days),
  };
}

/** The classes of a domain, by name, with how many accounts inherit from each. */
export async function listAccountClasses(q: Queryable, domainId: number): Promise<(AccountClassRecord & { accountCount: number })[]> {
  const rows = await q('account_classes as c')
    .leftJoin('accounts as a', 'a.class_id', 'c.id')
    .where('c.domain_id', domainId)
    .groupBy('c.id', 'c.domain_id', 'c.name', 'c.two_factor', 'c.two_factor_grace_days', 'c.two_factor_trust_days')
    .orderBy('c.name')
    .select('c.id', 'c.domain_id', 'c.name', 'c.two_factor', 'c.two_factor_grace_days', 'c.two_factor_trust_days')
    .count({ account_count: 'a.id' });
  return rows.map((row) => ({ ...toClass(row), accountCount: Number(row.account_count) }));
}

/** The class named `name` in a domain, or null. */
export async function findAccountClass(q: Queryable, domainId: number, name: string): Promise<AccountClassRecord | null> {
  const row = await q('account_classes').where({ domain_id: domainId, name }).first();
  return row ? toClass(row) : null;
}

/** Inserts a class; answers its id. Throws a unique violation when the name is taken in the domain. */
export async function insertAccountClass(q: Queryable, domainId: number, name: string, now: number): Promise<number> {
  const [row] = await q('account_classes').insert({ domain_id: domainId, name, created_at: now }).returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** Sets (or with null, resets to inherited) the class's 2-Step Verification setting. */
export async function setAccountClassTwoFactor(q: Queryable, id: number, value: TwoFactorSetting | null): Promise<void> {
  await q('account_classes').where({ id }).update({ two_factor: value });
}

/** Deletes a class; its accounts fall back to the domain's Account Defaults. */
export async function deleteAccountClass(q: Queryable, id: number): Promise<void> {
  await q('accounts').where({ class_id: id }).update({ class_id: null });
  await q('account_classes').where({ id }).delete();
}

/** Sets (or with null, resets to inherited) the class's days allowed to set up 2-Step Verification. */
export async function setAccountClassGraceDays(q: Queryable, id: number, days: number | null): Promise<void> {
  await q('account_classes').where({ id }).update({ two_factor_grace_days: days });
}

/** Sets (or with null, resets to inherited) the class's "Allow trusting a browser for N days". */
export async function setAccountClassTrustDays(q: Queryable, id: number, days: number | null): Promise<void> {
  await q('account_classes').where({ id }).update({ two_factor_trust_days: days });
}
