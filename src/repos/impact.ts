import type { TwoFactorSetting } from '../core/policy.js';
import { EFFECTIVE_TWO_FACTOR_SQL } from './accounts.js';
import type { Queryable } from './queryable.js';
import { ACCOUNT_CONFIGURED_SQL } from './two-factor.js';

/** A proposed 2-Step Verification setting at one level of the chain (null = inherit again). */
export type ProposedSetting = (
  | { level: 'domain'; domainId: number; value: TwoFactorSetting }
  | { level: 'class'; domainId: number; classId: number; value: TwoFactorSetting | null }
  /** `classId`: the class the account would inherit from (null: the domain defaults); omitted: unchanged. */
  | { level: 'account'; domainId: number; accountId: number; value: TwoFactorSetting | null; classId?: number | null }
) & {
  /** Days allowed to set up saved with it at the same level (null: inherited again); omitted: unchanged. */
  graceDays?: number | null;
};

// Bound parameters are typed so PostgreSQL accepts a NULL binding where a setting is expected.
const SETTING = 'CAST(? AS VARCHAR(10))';

/**
 * The effective setting of an account row under the proposal, in SQL: resolvePolicy's chain
 * (account → class → domain defaults → disabled) with the proposed value put in its place.
 */
function proposedEffective(proposal: ProposedSetting): { sql: string; bindings: (string | number | null)[] } {
  switch (proposal.level) {
    case 'domain':
      return { sql: `COALESCE(a.two_factor, c.two_factor, ${SETTING}, 'disabled')`, bindings: [proposal.value] };
    case 'class':
      return {
        sql: `COALESCE(a.two_factor, CASE WHEN a.class_id = ? THEN ${SETTING} ELSE c.two_factor END, d.two_factor, 'disabled')`,
        bindings: [proposal.classId, proposal.value],
      };
    case 'account':
      if (proposal.classId === undefined) return { sql: `COALESCE(${SETTING}, c.two_factor, d.two_factor, 'disabled')`, bindings: [proposal.value] };
      return {
        sql: `COALESCE(${SETTING}, (SELECT pc.two_factor FROM account_classes pc WHERE pc.id = ?), d.two_factor, 'disabled')`,
        bindings: [proposal.value, proposal.classId],
      };
  }
}

function accountsOf(q: Queryable, proposal: ProposedSetting) {
  let rows = q('accounts as a')
    .join('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('account_classes as c', 'c.id', 'a.class_id')
    .where('a.domain_id', proposal.domainId);
  if (proposal.level === 'class') rows = rows.where('a.class_id', proposal.classId);
  if (proposal.level === 'account') rows = rows.where('a.id', proposal.accountId);
  return rows;
}

/** Each account of the proposal's scope with its effective setting now and under the proposal, by name. */
export async function effectiveSettingsUnder(q: Queryable, proposal: ProposedSetting): Promise<{ name: string; current: TwoFactorSetting; proposed: TwoFactorSetting }[]> {
  const proposed = proposedEffective(proposal);
  const rows = await accountsOf(q, proposal)
    .orderBy('a.name')
    .select('a.name', q.raw(`${EFFECTIVE_TWO_FACTOR_SQL} as current_setting`), q.raw(`${proposed.sql} as proposed_setting`, proposed.bindings));
  return rows.map((row) => ({ name: row.name, current: row.current_setting, proposed: row.proposed_setting }));
}

function newlyMandatory(q: Queryable, proposal: ProposedSetting) {
  const proposed = proposedEffective(proposal);
  return accountsOf(q, proposal)
    .whereRaw(`NOT ${ACCOUNT_CONFIGURED_SQL}`)
    .whereRaw(`${EFFECTIVE_TWO_FACTOR_SQL} <> 'mandatory'`)
    .whereRaw(`${proposed.sql} = 'mandatory'`, proposed.bindings);
}

const DAYS = 'CAST(? AS INTEGER)';

/** The effective days allowed to set up of an account row under the proposal (account → class → domain defaults → 0), in SQL. */
function proposedGrace(proposal: ProposedSetting): { sql: string; bindings: (number | null)[] } {
  const own = { account: 'a.two_factor_grace_days', class: 'c.two_factor_grace_days', domain: 'd.two_factor_grace_days' };
  if (proposal.graceDays === undefined) return { sql: `COALESCE(${own.account}, ${own.class}, ${own.domain}, 0)`, bindings: [] };
  switch (proposal.level) {
    case 'domain':
      return { sql: `COALESCE(${own.account}, ${own.class}, ${DAYS}, 0)`, bindings: [proposal.graceDays] };
    case 'class':
      return { sql: `COALESCE(${own.account}, CASE WHEN a.class_id = ? THEN ${DAYS} ELSE ${own.class} END, ${own.domain}, 0)`, bindings: [proposal.classId, proposal.graceDays] };
    case 'account':
      return { sql: `COALESCE(${DAYS}, ${own.class}, ${own.domain}, 0)`, bindings: [proposal.graceDays] };
  }
}

/** Of the accounts newly forced into set-up: how many get a grace period at their next sign-in, and its shortest and longest length in days. */
export interface NewlyMandatoryGrace {
  count: number;
  minDays: number;
  maxDays: number;
}

/**
 * Those of countNewlyMandatory's accounts whose deadline starts at their next sign-in (a grace period
 * of at least a day and no deadline stored yet), with the range of their days.
 */
export async function graceOfNewlyMandatory(q: Queryable, proposal: ProposedSetting): Promise<NewlyMandatoryGrace> {
  const grace = proposedGrace(proposal);
  const row = await newlyMandatory(q, proposal)
    .whereNull('a.setup_deadline')
    .whereRaw(`${grace.sql} > 0`, grace.bindings)
    .select(q.raw('COUNT(*) as n'), q.raw(`MIN(${grace.sql}) as min_days`, grace.bindings), q.raw(`MAX(${grace.sql}) as max_days`, grace.bindings))
    .first();
  return { count: Number(row?.n ?? 0), minDays: Number(row?.min_days ?? 0), maxDays: Number(row?.max_days ?? 0) };
}

/**
 * The accounts that would newly have to set up 2-Step Verification under the proposal (mandatory
 * afterwards, not mandatory before, not configured): how many, and the first `sampleSize` names.
 */
export async function countNewlyMandatory(q: Queryable, proposal: ProposedSetting, sampleSize: number): Promise<{ count: number; sample: string[] }> {
  const counted = await newlyMandatory(q, proposal).count({ n: '*' }).first();
  const count = Number(counted?.n ?? 0);
  if (count === 0) return { count, sample: [] };
  const sample = await newlyMandatory(q, proposal).orderBy('a.name').limit(sampleSize).select('a.name');
  return { count, sample: sample.map((row) => row.name as string) };
}
