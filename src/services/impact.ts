import { DAY_MS, describeMoment } from '../core/dates.js';
import type { TwoFactorSetting } from '../core/policy.js';
import type { AccountClassRecord } from '../repos/account-classes.js';
import type { AccountRecord } from '../repos/accounts.js';
import type { DomainRecord } from '../repos/domains.js';
import { countNewlyMandatory, graceOfNewlyMandatory, type NewlyMandatoryGrace, type ProposedSetting } from '../repos/impact.js';
import type { ServiceContext } from './context.js';

/** How many addresses a preview lists at most. */
export const IMPACT_SAMPLE_SIZE = 10;

/** A change of the 2-Step Verification setting that is about to be saved, at one level of the chain. */
export type PolicyProposal = (
  | { level: 'domain'; domain: DomainRecord; value: TwoFactorSetting }
  | { level: 'class'; domain: DomainRecord; accountClass: AccountClassRecord; value: TwoFactorSetting | null }
  /** `inheritFrom`: the class the account would inherit from (null: the domain defaults); omitted: unchanged. */
  | { level: 'account'; account: AccountRecord; value: TwoFactorSetting | null; inheritFrom?: AccountClassRecord | null }
) & {
  /** Days allowed to set up saved with it at the same level (null: inherited again); omitted: unchanged. */
  graceDays?: number | null;
};

/** What a proposal would do: how many unconfigured accounts would have to set up at their next login, and a few of them. */
export interface ImpactPreview {
  count: number;
  /** Up to IMPACT_SAMPLE_SIZE addresses, by name. */
  addresses: string[];
  /** Of them, those who get a grace period (a deadline fixed at their next sign-in); the others set up at once. */
  grace: NewlyMandatoryGrace;
}

function toProposedSetting(proposal: PolicyProposal): ProposedSetting {
  return { ...levelOf(proposal), graceDays: proposal.graceDays };
}

function levelOf(proposal: PolicyProposal): ProposedSetting {
  switch (proposal.level) {
    case 'domain':
      return { level: 'domain', domainId: proposal.domain.id, value: proposal.value };
    case 'class':
      return { level: 'class', domainId: proposal.domain.id, classId: proposal.accountClass.id, value: proposal.value };
    case 'account':
      return {
        level: 'account',
        domainId: proposal.account.domainId,
        accountId: proposal.account.id,
        value: proposal.value,
        classId: proposal.inheritFrom === undefined ? undefined : (proposal.inheritFrom?.id ?? null),
      };
  }
}

function domainNameOf(proposal: PolicyProposal): string {
  return proposal.level === 'account' ? proposal.account.domainName : proposal.domain.name;
}

/**
 * Before saving a 2-Step Verification change (domain defaults, class or account): the accounts it
 * would newly force into mandatory set-up — effective setting becomes mandatory and they are not
 * configured. A count of 0 means no confirmation is needed.
 */
export async function previewMandatoryImpact(ctx: ServiceContext, proposal: PolicyProposal): Promise<ImpactPreview> {
  const proposed = toProposedSetting(proposal);
  const { count, sample } = await countNewlyMandatory(ctx.db, proposed, IMPACT_SAMPLE_SIZE);
  const grace = count > 0 ? await graceOfNewlyMandatory(ctx.db, proposed) : { count: 0, minDays: 0, maxDays: 0 };
  const domain = domainNameOf(proposal);
  return { count, addresses: sample.map((name) => `${name}@${domain}`), grace };
}

/**
 * The grace part of a preview in words, or null when nobody gets one: "2 of them get 14 days to set
 * up, counted from their next sign-in (until 18 December 2026, 09:30 UTC for a sign-in now); the
 * others must set up at once."
 */
export function describeGraceImpact(preview: ImpactPreview, now: number): string | null {
  const { grace } = preview;
  if (grace.count === 0) return null;
  const who = grace.count === preview.count ? (preview.count === 1 ? 'It gets' : 'They all get') : `${grace.count} of them get`;
  const days = grace.minDays === grace.maxDays ? `${grace.maxDays} day${grace.maxDays === 1 ? '' : 's'}` : `${grace.minDays} to ${grace.maxDays} days`;
  const until = grace.minDays === grace.maxDays ? ` (until ${describeMoment(now + grace.maxDays * DAY_MS)} for a sign-in now)` : '';
  const rest = grace.count === preview.count ? '' : '; the others must set up at once';
  return `${who} ${days} to set up, counted from their next sign-in${until}${rest}.`;
}
