import { describeSource, type TwoFactorSetting } from '../core/policy.js';
import { STATUS_LABELS, twoFactorStatus, type TwoFactorStatus } from '../core/two-factor-status.js';
import { describeMoment } from '../core/dates.js';
import { countAccountsUpTo, listAccounts, type AccountListStatus, type AccountRecord } from '../repos/accounts.js';
import type { DomainRecord } from '../repos/domains.js';
import { accountPolicy } from './accounts.js';
import type { ServiceContext } from './context.js';
import { setupNeedOf } from './setup-grace.js';

/** Accounts on one page of the WebAdmin list. */
export const ACCOUNT_PAGE_SIZE = 50;

/** Matching accounts are counted exactly up to this many; beyond it the list says "more than". */
export const ACCOUNT_COUNT_CAP = 10_000;

/** Every status the list can be filtered by, in the order the filter offers them ("grace": in grace period). */
export const STATUS_FILTERS: readonly AccountListStatus[] = ['not_enabled', 'not_configured', 'grace', 'configured', 'locked'];

/** The status named by a query-string value, or null when it names none. */
export function parseStatusFilter(raw: string): AccountListStatus | null {
  return (STATUS_FILTERS as readonly string[]).includes(raw) ? (raw as AccountListStatus) : null;
}

/** One line of the account list: who, the effective setting and where it comes from, the status. */
export interface AccountListRow {
  name: string;
  address: string;
  fullName: string;
  className: string | null;
  effective: TwoFactorSetting;
  sourceText: string;
  status: TwoFactorStatus;
  statusText: string;
  /** False for the domain's postmaster, which goes only with its domain (see removeAccount). */
  removable: boolean;
  /** During a grace period, its deadline in words ("14 December 2026, 09:30 UTC"); else null. */
  graceUntil: string | null;
}

/** What the list shows: a filter, a page, and where the next page starts. */
export interface AccountListFilters {
  search?: string;
  status?: AccountListStatus | null;
  /** The last name of the previous page (keyset pagination). */
  after?: string;
}

/** One page of the list with the count of every matching account. */
export interface AccountListPage {
  rows: AccountListRow[];
  /** Where the next page starts, or null on the last page. */
  nextAfter: string | null;
  /** Matching accounts; `more` means there are more than `count`, which is then the cap. */
  total: { count: number; more: boolean };
}

/** The list row of a loaded account at `now`. */
export function accountListRow(account: AccountRecord, now: number): AccountListRow {
  const policy = accountPolicy(account);
  const status = twoFactorStatus(policy, account.state, now);
  const need = setupNeedOf(account, now);
  return {
    name: account.name,
    address: account.address,
    fullName: `${account.firstName} ${account.lastName}`.trim(),
    className: account.className,
    effective: policy.value,
    sourceText: describeSource(policy.source),
    status,
    statusText: STATUS_LABELS[status],
    removable: account.name !== 'postmaster',
    graceUntil: need.kind === 'grace' && !need.starts ? describeMoment(need.deadline) : null,
  };
}

/** A page of a domain's accounts by name, filtered by a piece of the name and by status. */
export async function listAccountPage(ctx: ServiceContext, domain: DomainRecord, filters: AccountListFilters): Promise<AccountListPage> {
  const now = ctx.clock.now();
  const where = {
    search: filters.search?.trim() || undefined,
    status: filters.status ? { value: filters.status, now } : undefined,
  };
  const [accounts, counted] = await Promise.all([
    listAccounts(ctx.db, domain, { ...where, after: filters.after || undefined, limit: ACCOUNT_PAGE_SIZE + 1 }),
    countAccountsUpTo(ctx.db, domain, where, ACCOUNT_COUNT_CAP),
  ]);
  const page = accounts.slice(0, ACCOUNT_PAGE_SIZE);
  return {
    rows: page.map((account) => accountListRow(account, now)),
    nextAfter: accounts.length > ACCOUNT_PAGE_SIZE ? page[page.length - 1].name : null,
    total: counted > ACCOUNT_COUNT_CAP ? { count: ACCOUNT_COUNT_CAP, more: true } : { count: counted, more: false },
  };
}
