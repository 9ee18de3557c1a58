import { checkClassName } from '../core/names.js';
import type { TwoFactorSetting } from '../core/policy.js';
import { deleteAccountClass, findAccountClass, insertAccountClass, listAccountClasses, setAccountClassGraceDays, setAccountClassTrustDays, setAccountClassTwoFactor, type AccountClassRecord } from '../repos/account-classes.js';
import { classNamesOfDomain } from '../repos/accounts.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import type { DomainRecord } from '../repos/domains.js';
import { isUniqueViolation } from '../repos/queryable.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { resetClassKeysIn } from './class-repair.js';
import { checkGraceDays, graceDaysDetail } from './grace-days.js';
import { checkTrustDays, trustDaysDetail } from './trust-days.js';

export type { AccountClassRecord };

/** An account class with how many accounts inherit from it. */
export type AccountClassUsage = AccountClassRecord & { accountCount: number };

/** The class `name` of `domain`, or null. */
export async function findAccountClassIn(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<AccountClassRecord | null> {
  return findAccountClass(ctx.db, domain.id, name.trim());
}

/** The class `name` of `domain` or a not_found refusal. */
export async function requireAccountClass(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<AccountClassRecord> {
  const found = await findAccountClassIn(ctx, domain, name);
  if (!found) throw new ServiceError('not_found', `There is no account class ${name} in ${domain.name}.`, 'class');
  return found;
}

/** The classes of `domain` by name, each with how many accounts inherit from it. */
export async function listAccountClassesOf(ctx: ServiceContext, domain: DomainRecord): Promise<AccountClassUsage[]> {
  return listAccountClasses(ctx.db, domain.id);
}

/** The class `name` of `domain` with how many accounts inherit from it, or a not_found refusal. */
export async function requireAccountClassUsage(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<AccountClassUsage> {
  const accountClass = await requireAccountClass(ctx, domain, name);
  const listed = (await listAccountClassesOf(ctx, domain)).find((c) => c.id === accountClass.id);
  return { ...accountClass, accountCount: listed?.accountCount ?? 0 };
}

/** The names of the classes accounts of `domain` can inherit from, by name (nothing counted). */
export async function accountClassNames(ctx: ServiceContext, domain: { id: number }): Promise<string[]> {
  return classNamesOfDomain(ctx.db, domain.id);
}

/** A staged change to an account class: its 2-Step Verification setting or its days allowed to set up, null to inherit again. */
export type AccountClassChange =
  | { op: 'setTwoFactor'; value: TwoFactorSetting | null }
  | { op: 'setGraceDays'; value: number | null }
  | { op: 'setTrustDays'; value: number | null }
  /** "Require everyone in this class to pair again": a new unpaired key for each account of the class that holds one. */
  | { op: 'resetAllKeys' };

/** Creates an account class (and applies staged changes) in one transaction. */
export async function createAccountClass(
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  rawName: string,
  changes: AccountClassChange[] = [],
): Promise<AccountClassRecord> {
  const checked = checkClassName(rawName);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'name');
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (trx) => {
      const id = await insertAccountClass(trx, domain.id, checked.value, now);
      await recordAudit(trx, { actor, domain: domain.name, event: 'class.created', detail: `class ${checked.value}` }, now);
      await applyClassChangesIn(trx, ctx, actor, domain, { id, name: checked.value }, changes, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError('conflict', `The account class ${checked.value} already exists in ${domain.name}.`, 'name');
    throw err;
  }
  return requireAccountClass(ctx, domain, checked.value);
}

/** Applies staged class changes atomically. */
export async function applyAccountClassChanges(
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  name: string,
  changes: AccountClassChange[],
): Promise<AccountClassRecord> {
  const accountClass = await requireAccountClass(ctx, domain, name);
  await ctx.db.transaction((trx) => applyClassChangesIn(trx, ctx, actor, domain, accountClass, changes, ctx.clock.now()));
  return requireAccountClass(ctx, domain, accountClass.name);
}

async function applyClassChangesIn(
  trx: Parameters<typeof setAccountClassTwoFactor>[0],
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  accountClass: { id: number; name: string },
  changes: AccountClassChange[],
  now: number,
): Promise<void> {
  for (const change of changes) {
    if (change.op === 'resetAllKeys') {
      await resetClassKeysIn(trx, ctx, actor, domain, accountClass, now);
      continue;
    }
    if (change.op === 'setTrustDays') {
      await setAccountClassTrustDays(trx, accountClass.id, checkTrustDays(change.value));
      await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `class ${accountClass.name}: ${trustDaysDetail(change.value)}` }, now);
      continue;
    }
    if (change.op === 'setGraceDays') {
      await setAccountClassGraceDays(trx, accountClass.id, checkGraceDays(change.value));
      await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `class ${accountClass.name}: ${graceDaysDetail(change.value)}` }, now);
      continue;
    }
    await setAccountClassTwoFactor(trx, accountClass.id, change.value);
    await recordAudit(trx, { actor, domain: domain.name, event: 'setting.changed', detail: `class ${accountClass.name}: ${change.value ?? 'inherited'}` }, now);
  }
}

/** Removes a class; its accounts fall back to the domain's Account Defaults. */
export async function removeAccountClass(ctx: ServiceContext, actor: Actor, domain: DomainRecord, name: string): Promise<void> {
  const accountClass = await requireAccountClass(ctx, domain, name);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await deleteAccountClass(trx, accountClass.id);
    await recordAudit(trx, { actor, domain: domain.name, event: 'class.removed', detail: `class ${accountClass.name}` }, now);
  });
}
