import { checkDomainName, passwordProblem } from '../core/names.js';
import { type TwoFactorSetting } from '../core/policy.js';
import { hashPassword } from '../core/password.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { deleteDomain, findDomainByName, findDomainByWebmailHost, insertDomain, updateDomain, type DomainRecord } from '../repos/domains.js';
import { isUniqueViolation } from '../repos/queryable.js';
import { createAccountInTransaction } from './accounts.js';
import { systemMailRoute } from './notices.js';
import { checkBrandingName } from './branding.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { checkGraceDays, graceDaysDetail } from './grace-days.js';
import { checkTrustDays, trustDaysDetail } from './trust-days.js';

export type { DomainRecord };

/** The domain `name` (in any case), or null. */
export function findDomainNamed(ctx: ServiceContext, name: string): Promise<DomainRecord | null> {
  return findDomainByName(ctx.db, name.trim().toLowerCase());
}

/** The domain a WebMail host name stands for: the domain of that name, else the one listing it among its WebMail host names; or null. */
export async function findDomainForHost(ctx: ServiceContext, host: string): Promise<DomainRecord | null> {
  return (await findDomainNamed(ctx, host)) ?? findDomainByWebmailHost(ctx.db, host.trim().toLowerCase());
}

/** The domain `name` or a not_found refusal. */
export async function requireDomain(ctx: ServiceContext, name: string): Promise<DomainRecord> {
  const domain = await findDomainNamed(ctx, name);
  if (!domain) throw new ServiceError('not_found', `There is no domain ${name}.`, 'domain');
  return domain;
}

/** Creates a domain and its `postmaster` account in one transaction. */
export async function createDomain(ctx: ServiceContext, actor: Actor, rawName: string, postmasterPassword: string): Promise<DomainRecord> {
  const checked = checkDomainName(rawName);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'name');
  const problem = passwordProblem(postmasterPassword);
  if (problem) throw new ServiceError('invalid', `Postmaster password: ${problem}`, 'postmasterPassword');
  const passwordHash = await hashPassword(postmasterPassword, ctx.passwordCost);
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (trx) => {
      const domainId = await insertDomain(trx, checked.value, now);
      await createAccountInTransaction(trx, systemMailRoute(ctx.mail), { id: domainId, name: checked.value }, { name: 'postmaster', passwordHash }, actor, now);
      await recordAudit(trx, { actor, domain: checked.value, event: 'domain.created' }, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError('conflict', `The domain ${checked.value} already exists.`, 'name');
    throw err;
  }
  return requireDomain(ctx, checked.value);
}

/** Removes a domain with everything in it. */
export async function removeDomain(ctx: ServiceContext, actor: Actor, name: string): Promise<void> {
  const domain = await requireDomain(ctx, name);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await deleteDomain(trx, domain.id);
    await recordAudit(trx, { actor, domain: domain.name, event: 'domain.removed' }, now);
  });
}

/** A staged change to a domain. */
export type DomainChange =
  | { op: 'setTwoFactorDefault'; value: TwoFactorSetting }
  /** The Account Defaults' days allowed to set up 2-Step Verification (0–365). */
  | { op: 'setGraceDaysDefault'; value: number }
  /** The Account Defaults' "Allow trusting a browser for N days" (0 = off, up to 365). */
  | { op: 'setTrustDaysDefault'; value: number }
  | { op: 'setBrandingName'; value: string | null }
  | { op: 'setWebmailHosts'; value: string[] };

/** Applies staged domain changes atomically, recording each in the audit log. */
export async function applyDomainChanges(ctx: ServiceContext, actor: Actor, name: string, changes: DomainChange[]): Promise<DomainRecord> {
  const domain = await requireDomain(ctx, name);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    for (const change of changes) {
      if (change.op === 'setTwoFactorDefault') {
        await updateDomain(trx, domain.id, { twoFactor: change.value });
        await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `Account Defaults: ${change.value}` }, now);
      } else if (change.op === 'setGraceDaysDefault') {
        await updateDomain(trx, domain.id, { graceDays: checkGraceDays(change.value) ?? 0 });
        await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `Account Defaults: ${graceDaysDetail(change.value)}` }, now);
      } else if (change.op === 'setTrustDaysDefault') {
        await updateDomain(trx, domain.id, { trustDays: checkTrustDays(change.value) });
        await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `Account Defaults: ${trustDaysDetail(change.value)}` }, now);
      } else if (change.op === 'setBrandingName') {
        const value = checkBrandingName(change.value ?? '');
        await updateDomain(trx, domain.id, { brandingName: value });
        await recordAudit(trx, { actor, domain: domain.name, event: 'branding.changed', detail: `branding name: ${value ?? '(server default)'}` }, now);
      } else {
        await updateDomain(trx, domain.id, { webmailHosts: change.value });
        await recordAudit(trx, { actor, domain: domain.name, event: 'branding.changed', detail: `WebMail host names: ${change.value.join(', ') || '(none)'}` }, now);
      }
    }
  });
  return requireDomain(ctx, domain.name);
}
