import type { TwoFactorSetting } from '../core/policy.js';
import type { AccountClassRecord } from '../repos/account-classes.js';
import type { AccountRecord } from '../repos/accounts.js';
import type { DomainRecord } from '../repos/domains.js';
import { countNewlyMandatory, type ProposedSetting } from '../repos/impact.js';
import type { ServiceContext } from './context.js';

/** How many addresses a preview lists at most. */
export const IMPACT_SAMPLE_SIZE = 10;

/** A change of the 2-Step Verification setting that is about to be saved, at one level of the chain. */
export type PolicyProposal =
  | { level: 'domain'; domain: DomainRecord; value: TwoFactorSetting }
  | { level: 'class'; domain: DomainRecord; accountClass: AccountClassRecord; value: TwoFactorSetting | null }
  /** `inheritFrom`: the class the account would inherit from (null: the domain defaults); omitted: unchanged. */
  | { level: 'account'; account: AccountRecord; value: TwoFactorSetting | null; inheritFrom?: AccountClassRecord | null };

/** What a proposal would do: how many unconfigured accounts would have to set up at their next login, and a few of them. */
export interface ImpactPreview {
  count: number;
  /** Up to IMPACT_SAMPLE_SIZE addresses, by name. */
  addresses: string[];
}

function toProposedSetting(proposal: PolicyProposal): ProposedSetting {
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
  const { count, sample } = await countNewlyMandatory(ctx.db, toProposedSetting(proposal), IMPACT_SAMPLE_SIZE);
  const domain = domainNameOf(proposal);
  return { count, addresses: sample.map((name) => `${name}@${domain}`) };
}
