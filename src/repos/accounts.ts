import type { TwoFactorSetting } from '../core/policy.js';
import type { TwoFactorStatus } from '../core/two-factor-status.js';
import { deleteAllAppPasswords } from './app-passwords.js';
import { whereContains, type Queryable } from './queryable.js';
import { ACCOUNT_CONFIGURED_SQL, toTwoFactorState, twoFactorSelect, type TwoFactorState } from './two-factor.js';

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
  'a.created_at',
  'c.name as class_name',
  'c.two_factor as class_two_factor',
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
    .select(...accountColumns(q), 'd.name as domain_name', 'd.two_factor as domain_two_factor', 'd.two_factor_trust_days as domain_trust_days');
}

const days = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

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
    trustDays: days(row.two_factor_trust_days),
    classTrustDays: days(row.class_trust_days),
    domainTrustDays: Number(row.domain_trust_days ?? 0),
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
}

/** Filters for the account list. */
export interface AccountListQuery {
  /** A piece of the account name (matched literally, anywhere in it). */
  search?: string;
  /** Only accounts in this 2-Step Verification status at `now` (ms). */
  status?: { value: TwoFactorStatus; now: number };
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

function whereStatus(rows: Builder, domain: ListedDomain, status: TwoFactorStatus, now: number): Builder {
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
  return rows.map((row) => toAccount({ ...row, domain_name: domain.name, domain_two_factor: domain.twoFactor }));
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
}

/** Changes the given fields of an account. */
export async function updateAccount(q: Queryable, id: number, patch: AccountPatch): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.firstName !== undefined) row.first_name = patch.firstName;
  if (patch.lastName !== undefined) row.last_name = patch.lastName;
  if (patch.classId !== undefined) row.class_id = patch.classId;
  if (patch.twoFactor !== undefined) row.two_factor = patch.twoFactor;
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
