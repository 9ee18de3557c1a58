import { describeSource, resolveClassPolicy } from '../core/policy.js';
import { requireAccountClassUsage } from '../services/account-classes.js';
import { summarizeAccount, type AccountRecord } from '../services/accounts.js';
import type { ServiceContext } from '../services/context.js';
import { domainContents } from '../services/domain-list.js';
import type { DomainRecord } from '../services/domains.js';
import { facts, instant, yesNo } from './format.js';
import { S } from './strings.js';

/** SHOW of a domain. */
export async function domainFacts(ctx: ServiceContext, domain: DomainRecord): Promise<string[]> {
  const { accounts, classes } = await domainContents(ctx, domain);
  return facts([
    ['name', domain.name],
    ['brandingName', domain.brandingName ?? '(server default)'],
    ['webmailHosts', domain.webmailHosts.join(', ') || '(none)'],
    ['accountDefaultLimits.twoFactorAuthEnabled', domain.twoFactor],
    ['accounts', String(accounts)],
    ['accountClasses', String(classes)],
    ['createdAt', instant(domain.createdAt)],
  ]);
}

/** SHOW of an account: the effective 2-Step Verification setting with its source, configured, locked. */
export async function accountFacts(ctx: ServiceContext, account: AccountRecord): Promise<string[]> {
  const summary = await summarizeAccount(ctx, account);
  return facts([
    ['name', account.name],
    ['address', summary.address],
    ['inheritSettingsFrom', summary.inheritsFrom.kind === 'class' ? `accountClass ${summary.inheritsFrom.name}` : 'domainDefaults'],
    ['twoFactorAuthEnabled', `${summary.effective.value} (${summary.sourceText})`],
    ['twoFactorStatus', summary.statusText],
    ['twoFactorGraceDays', `${summary.graceDays.value} (${summary.graceSourceText})`],
    ['twoFactorSetupDeadline', instant(summary.setupDeadline)],
    ['twoFactorTrustDays', `${summary.trustDays.value} (${summary.trustSourceText})`],
    ['twoFactorConfigured', yesNo(summary.configured)],
    ['twoFactorSecretKey', summary.hasKey ? 'set' : 'not set'],
    ['locked', summary.locked ? `yes, until ${instant(summary.lockedUntil)}` : 'no'],
    ['recoveryCodesLeft', String(summary.recoveryCodesLeft)],
    ['lastVerification', instant(summary.lastSuccessAt)],
    ['deviceClock', summary.driftText ?? '-'],
  ]);
}

/** SHOW of an account class: its setting (explicit or inherited) and how many accounts use it. */
export async function classFacts(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<string[]> {
  const found = await requireAccountClassUsage(ctx, domain, name);
  const policy = resolveClassPolicy(found.twoFactor, domain.twoFactor);
  return facts([
    ['name', found.name],
    ['twoFactorAuthEnabled', found.twoFactor ?? S.inherited(policy.value, describeSource(policy.source, 'class'))],
    ['accounts', String(found.accountCount)],
  ]);
}

/** The line that says how many changes wait for COMMIT, or nothing when none do. */
export function pendingFacts(count: number): string[] {
  return count === 0 ? [] : facts([['pendingChanges', S.pending(count)]]);
}
