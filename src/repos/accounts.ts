import type { TwoFactorSetting } from '../core/policy.js';
import type { TwoFactorStatus } from '../core/two-factor-status.js';
import { deleteAllAppPasswords } from './app-passwords.js';
import { whereContains, type Queryable } from './queryable.js';
import { ACCOUNT_CONFIGURED_SQL, ACCOUNT_HAS_KEY_SQL, toTwoFactorState, twoFactorSelect, type TwoFactorState } from './two-factor.js';

/** An account with what policy resolution needs (its class and domain defaults) and its 2-Step Verification state. */
export interface AccountRecord {
  id: number;
  domainId: number;
  domainName: string;
  name: string;
  /** `name@domain`. */
  address: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  classId: number | null;
  className: string | null;
  /** The account's explicit setting; null inherits. */
  twoFactor: TwoFactorSetting | null;
  classTwoFactor: TwoFactorSetting | null;
  domainTwoFactor: TwoFactorSetting;
  /** "Allow trusting a browser for N days": the account's explicit value (null inherits), its class's, the domain's. */
  trustDays: number | null;
  classTrustDays: number | null;
  domainTrustDays: number;
  /** "Days allowed to set up 2-Step Verification": the account's explicit value, its class's, the domain's. */
  graceDays: number | null;
  classGraceDays: number | null;
  domainGraceDays: number;
  /** When the mandatory set-up must be done (ms), once fixed; null before the requirement first reached the account. */
  setupDeadline: number | null;
  /** When the reminder before the deadline went out (ms), or null. */
  setupRemindedAt: number | null;
  state: TwoFactorState;
  createdAt: number;
}

/** Columns of an account and its class (aliases a and c) that every account query selects. */
const OWN_COLUMNS = [
  'a.id',
  'a.domain_id',
  'a.name',
  'a.password_hash',
  'a.first_name',
  'a.last_name',
  'a.class_id',
  'a.two_factor',
  'a.two_factor_trust_days',
  'a.two_factor_grace_days',
  'a.setup_deadline',
  'a.setup_reminded_at',
  'a.created_at',
  'c.name as class_name',
  'c.two_factor as class_two_factor',
  'c.two_factor_grace_days as class_grace_days',
  'c.two_factor_trust_days as class_trust_days',
];

/** Every column an account query selects, with its 2-Step Verification state. */
function accountColumns(q: Queryable) {
  return [...OWN_COLUMNS, ...twoFactorSelect(q, 'account', 'a.id', 'a.')];
}

function baseQuery(q: Queryable) {
  return q('accounts as a')
    .join('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('account_classes as c', 'c.id', 'a.class_id')
    .select(...accountColumns(q), 'd.name as domain_name', 'd.two_factor as domain_two_factor', 'd.two_factor_grace_days as domain_grace_days', 'd.two_factor_trust_days as domain_trust_days');
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toAccount(row: Record<string, any>): AccountRecord {
  return {
    id: row.id,
    domainId: row.domain_id,
    domainName: row.domain_name,
    name: row.name,
    address: `${row.name}@${row.domain_name}`,
    passwordHash: row.password_hash,
    firstName: row.first_name ?? '',
    lastName: row.last_name ?? '',
    classId: row.class_id ?? null,
    className: row.class_name ?? null,
    twoFactor: row.two_factor ?? null,
    classTwoFactor: row.class_two_factor ?? null,
    domainTwoFactor: row.domain_two_factor,
    trustDays: num(row.two_factor_trust_days),
    classTrustDays: num(row.class_trust_days),
    domainTrustDays: Number(row.domain_trust_days ?? 0),
    graceDays: num(row.two_factor_grace_days),
    classGraceDays: num(row.class_grace_days),
    domainGraceDays: Number(row.domain_grace_days ?? 0),
    setupDeadline: num(row.setup_deadline),
    setupRemindedAt: num(row.setup_reminded_at),
    state: toTwoFactorState(row),
    createdAt: Number(row.created_at),
  };
}

/** The account `name` of domain `domainName` (both lower case), or null — one indexed lookup. */
export async function findAccount(q: Queryable, domainName: string, name: string): Promise<AccountRecord | null> {
  const row = await baseQuery(q).where('d.name', domainName).where('a.name', name).first();
  return row ? toAccount(row) : null;
}

/** The account with `id`, or null. */
export async function findAccountById(q: Queryable, id: number): Promise<AccountRecord | null> {
  const row = await baseQuery(q).where('a.id', id).first();
  return row ? toAccount(row) : null;
}

/**
 * The effective 2-Step Verification setting of a row of `baseQuery` in SQL, mirroring resolvePolicy:
 * the account's explicit value, else its class's (the class join is empty when it inherits the
 * domain), else the domain's Account Defaults, else disabled.
 */
export const EFFECTIVE_TWO_FACTOR_SQL = "COALESCE(a.two_factor, c.two_factor, d.two_factor, 'disabled')";

/**
 * The same chain for queries of one domain that do not join `domains`: its Account Defaults come as
 * the one bound value.
 */
const EFFECTIVE_IN_DOMAIN_SQL = "COALESCE(a.two_factor, c.two_factor, CAST(? AS VARCHAR(10)), 'disabled')";

/** The domain an account list is about: its id, and the name and Account Defaults every row shares. */
export interface ListedDomain {
  id: number;
  name: string;
  twoFactor: TwoFactorSetting;
  graceDays: number;
  trustDays: number;
}

/** A status filter of the list: a 2-Step Verification status, or "in grace period" (set-up deadline not reached). */
export type AccountListStatus = TwoFactorStatus | 'grace';

/** Filters for the account list. */
export interface AccountListQuery {
  /** A piece of the account name (matched literally, anywhere in it). */
  search?: string;
  /** Only accounts in this 2-Step Verification status at `now` (ms). */
  status?: { value: AccountListStatus; now: number };
  /** Keyset pagination: names strictly after this one. */
  after?: string;
  limit: number;
}

/**
 * The accounts of one domain with their class. The domain itself is not joined: with bound
 * parameters SQLite would then loop over `domains` first and sort the whole domain by name instead
 * of walking the `(domain_id, name)` index.
 */
function domainQuery(q: Queryable, domain: ListedDomain) {
  return q('accounts as a').leftJoin('account_classes as c', 'c.id', 'a.class_id').where('a.domain_id', domain.id);
}

type Builder = ReturnType<typeof domainQuery>;

function whereStatus(rows: Builder, domain: ListedDomain, status: AccountListStatus, now: number): Builder {
  if (status === 'grace') {
    return rows.where('a.setup_deadline', '>', now).whereRaw(`NOT ${ACCOUNT_CONFIGURED_SQL}`).whereRaw(`${EFFECTIVE_IN_DOMAIN_SQL} = 'mandatory'`, [domain.twoFactor]);
  }
  if (status === 'locked') return rows.where('a.totp_locked_until', '>', now);
  // The same order of rules as twoFactorStatus: a lock hides every other status.
  const unlocked = rows.where((w) => w.whereNull('a.totp_locked_until').orWhere('a.totp_locked_until', '<=', now));
  if (status === 'not_enabled') return unlocked.whereRaw(`${EFFECTIVE_IN_DOMAIN_SQL} = 'disabled'`, [domain.twoFactor]);
  const enabled = unlocked.whereRaw(`${EFFECTIVE_IN_DOMAIN_SQL} <> 'disabled'`, [domain.twoFactor]);
  return enabled.whereRaw(status === 'configured' ? ACCOUNT_CONFIGURED_SQL : `NOT ${ACCOUNT_CONFIGURED_SQL}`);
}

function filtered(q: Queryable, domain: ListedDomain, query: Omit<AccountListQuery, 'limit' | 'after'>): Builder {
  let rows = domainQuery(q, domain);
  if (query.search) rows = whereContains(rows, 'a.name', query.search.toLowerCase());
  if (query.status) rows = whereStatus(rows, domain, query.status.value, query.status.now);
  return rows;
}

/** The query of one list page, not yet run (the benchmark and the tests EXPLAIN it). */
export function accountPageQuery(q: Queryable, domain: ListedDomain, query: AccountListQuery): Builder {
  const rows = filtered(q, domain, query).select(accountColumns(q)).orderBy('a.name').limit(query.limit);
  return query.after ? rows.where('a.name', '>', query.after) : rows;
}

/** One page of a domain's accounts ordered by name (walks the `(domain_id, name)` index). */
export async function listAccounts(q: Queryable, domain: ListedDomain, query: AccountListQuery): Promise<AccountRecord[]> {
  const rows = await accountPageQuery(q, domain, query);
  return rows.map((row) => toAccount({ ...row, domain_name: domain.name, domain_two_factor: domain.twoFactor, domain_grace_days: domain.graceDays, domain_trust_days: domain.trustDays }));
}

/** The accounts a count looks at: those matching the filters, at most `cap` + 1 (EXPLAINed in the tests). */
export function accountCountQuery(q: Queryable, domain: ListedDomain, query: Omit<AccountListQuery, 'limit' | 'after'>, cap: number): Builder {
  return filtered(q, domain, query).select('a.id').limit(cap + 1);
}

/** How many accounts match the filters, counting no further than `cap` (answers cap + 1 when there are more). */
export async function countAccountsUpTo(q: Queryable, domain: ListedDomain, query: Omit<AccountListQuery, 'limit' | 'after'>, cap: number): Promise<number> {
  const row = await q.from(accountCountQuery(q, domain, query, cap).as('m')).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** How many accounts a domain has (matching an optional substring). */
export async function countAccounts(q: Queryable, domainId: number, search?: string): Promise<number> {
  let rows = q('accounts').where({ domain_id: domainId });
  if (search) rows = whereContains(rows, 'name', search.toLowerCase());
  const row = await rows.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Inserts an account; answers its id. Throws a unique violation when the name is taken. */
export async function insertAccount(
  q: Queryable,
  fields: { domainId: number; name: string; passwordHash: string; firstName?: string; lastName?: string; classId?: number | null },
  now: number,
): Promise<number> {
  const [row] = await q('accounts')
    .insert({
      domain_id: fields.domainId,
      name: fields.name,
      password_hash: fields.passwordHash,
      first_name: fields.firstName ?? '',
      last_name: fields.lastName ?? '',
      class_id: fields.classId ?? null,
      created_at: now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** Fields of an account that can change (2-Step Verification state has its own repo). */
export interface AccountPatch {
  passwordHash?: string;
  firstName?: string;
  lastName?: string;
  classId?: number | null;
  twoFactor?: TwoFactorSetting | null;
  graceDays?: number | null;
  trustDays?: number | null;
  /** A new set-up deadline (ms), or null to forget it; either way the reminder is due again. */
  setupDeadline?: number | null;
}

/** Changes the given fields of an account. */
export async function updateAccount(q: Queryable, id: number, patch: AccountPatch): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.firstName !== undefined) row.first_name = patch.firstName;
  if (patch.lastName !== undefined) row.last_name = patch.lastName;
  if (patch.classId !== undefined) row.class_id = patch.classId;
  if (patch.twoFactor !== undefined) row.two_factor = patch.twoFactor;
  if (patch.graceDays !== undefined) row.two_factor_grace_days = patch.graceDays;
  if (patch.trustDays !== undefined) row.two_factor_trust_days = patch.trustDays;
  if (patch.setupDeadline !== undefined) {
    row.setup_deadline = patch.setupDeadline;
    row.setup_reminded_at = null;
  }
  if (Object.keys(row).length > 0) await q('accounts').where({ id }).update(row);
}

/**
 * Locks the account's row until the caller's transaction ends, so one writer at a time counts what
 * belongs to it (PostgreSQL: a row lock; SQLite: the write lock, taken before anything is read).
 * Answers whether the account exists.
 */
export async function lockAccountRow(q: Queryable, id: number): Promise<boolean> {
  return (await q('accounts').where({ id }).update({ id })) === 1;
}

/** Deletes an account with its sessions, messages (delivered or waiting in the outbox), second factors, recovery codes and app passwords. */
export async function deleteAccount(q: Queryable, id: number): Promise<void> {
  await deleteAllAppPasswords(q, id);
  await q('sessions').where({ account_id: id }).delete();
  await q('messages').where({ account_id: id }).delete();
  await q('mail_outbox').where({ account_id: id }).delete();
  await q('recovery_codes').where({ account_id: id }).delete();
  await q('second_factors').where({ account_id: id }).delete();
  await q('accounts').where({ id }).delete();
}

/** Names of the classes accounts of a domain can inherit from, by name (no per-class counting). */
export async function classNamesOfDomain(q: Queryable, domainId: number): Promise<string[]> {
  const rows = await q('account_classes').where({ domain_id: domainId }).orderBy('name').select('name');
  return rows.map((row) => row.name);
}

/**
 * Fixes the account's set-up deadline only if none is stored yet (two sign-ins at once fix one);
 * `remindedAt` marks the reminder as sent already. Answers whether this call fixed it.
 */
export async function startSetupDeadline(q: Queryable, id: number, deadline: number, remindedAt: number | null): Promise<boolean> {
  return (await q('accounts').where({ id }).whereNull('setup_deadline').update({ setup_deadline: deadline, setup_reminded_at: remindedAt })) === 1;
}

/**
 * Up to `limit` accounts whose set-up deadline falls after `now` and no later than `until`, still
 * mandatory and not configured, not yet reminded: who the reminder before the deadline is for.
 */
export async function accountsDueSetupReminder(q: Queryable, now: number, until: number, limit: number): Promise<AccountRecord[]> {
  const rows = await baseQuery(q)
    .where('a.setup_deadline', '>', now)
    .where('a.setup_deadline', '<=', until)
    .whereNull('a.setup_reminded_at')
    .whereRaw(`NOT ${ACCOUNT_CONFIGURED_SQL}`)
    .whereRaw(`${EFFECTIVE_TWO_FACTOR_SQL} = 'mandatory'`)
    .orderBy('a.id')
    .limit(limit);
  return rows.map(toAccount);
}

/** Marks the reminder of the account's deadline as sent, unless it already was; answers whether this call did. */
export async function markSetupReminded(q: Queryable, id: number, now: number): Promise<boolean> {
  return (await q('accounts').where({ id }).whereNull('setup_reminded_at').update({ setup_reminded_at: now })) === 1;
}

/** The accounts that inherit from class `classId` and hold a 2-Step Verification key (paired or provisioned), by name. */
export async function accountsWithKeyInClass(q: Queryable, classId: number): Promise<AccountRecord[]> {
  const rows = await baseQuery(q).where('a.class_id', classId).whereRaw(ACCOUNT_HAS_KEY_SQL).orderBy('a.name');
  return rows.map(toAccount);
}

/** How many accounts inherit from class `classId` and hold a 2-Step Verification key. */
export async function countAccountsWithKeyInClass(q: Queryable, classId: number): Promise<number> {
  const row = await q('accounts as a').where('a.class_id', classId).whereRaw(ACCOUNT_HAS_KEY_SQL).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
