import { checkAccountName, passwordProblem } from '../core/names.js';
import { welcomeText } from '../core/notices.js';
import { hashPassword } from '../core/password.js';
import { describeSource, resolvePolicy, resolveSetting, type ResolvedPolicy, type ResolvedSetting, type TwoFactorSetting } from '../core/policy.js';
import { STATUS_LABELS, twoFactorStatus, type TwoFactorStatus } from '../core/two-factor-status.js';
import { findAccountClass } from '../repos/account-classes.js';
import { deleteAccount, findAccount, findAccountById, insertAccount, updateAccount, type AccountRecord } from '../repos/accounts.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { endAppPasswords, revokeOneAppPassword } from './app-password-ends.js';
import { endTrustedBrowsers } from './trusted-browser-ends.js';
import { brandingNameWithin } from './branding.js';
import type { DomainRecord } from '../repos/domains.js';
import { isUniqueViolation, type Queryable } from '../repos/queryable.js';
import { countUnusedRecoveryCodes } from '../repos/recovery-codes.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { changeSetupDeadline, checkGraceDays, graceDaysDetail } from './grace-days.js';
import { checkTrustDays, trustDaysDetail } from './trust-days.js';
import { deliverSystemMessage, systemMailRoute, type SystemMailRoute } from './notices.js';
import { keyOpContext } from './key-op.js';
import { listDevices, type DeviceView } from './devices.js';
import { currentCodes, provisionKey, removeDevice, resetKey, revokeAllDevices, setKeyConfigured, unlock, type KeyTarget } from './two-factor-keys.js';

/** The effective policy of a loaded account. */
export function accountPolicy(account: AccountRecord): ResolvedPolicy {
  return resolvePolicy({
    account: account.twoFactor,
    accountClass: account.className ? { name: account.className, value: account.classTwoFactor } : null,
    domainDefault: account.domainTwoFactor,
  });
}

/** A number-of-days setting of the account resolved along its chain (0 when nothing sets it). */
function inheritedDays(account: AccountRecord, own: number | null, ofClass: number | null, ofDomain: number): ResolvedSetting<number> {
  return resolveSetting({ account: own, accountClass: account.className ? { name: account.className, value: ofClass } : null, domainDefault: ofDomain }, 0);
}

/** What the account's days settings inherit when it sets none itself (its class, else the domain): for WebAdmin's hints. */
export function inheritedDaySettings(account: AccountRecord): { grace: ResolvedSetting<number>; trust: ResolvedSetting<number> } {
  return { grace: inheritedDays(account, null, account.classGraceDays, account.domainGraceDays), trust: inheritedDays(account, null, account.classTrustDays, account.domainTrustDays) };
}

/** The account's "Allow trusting a browser for N days" (0 = off), explicit or inherited, with its source. */
export function accountTrustDays(account: AccountRecord): ResolvedSetting<number> {
  return inheritedDays(account, account.trustDays, account.classTrustDays, account.domainTrustDays);
}

/** The effective "Days allowed to set up 2-Step Verification" of a loaded account, with its source. */
export function accountGraceDays(account: AccountRecord): ResolvedSetting<number> {
  return inheritedDays(account, account.graceDays, account.classGraceDays, account.domainGraceDays);
}

/** The key-operation target for an account. */
export function accountTarget(account: AccountRecord): KeyTarget {
  return {
    subject: { kind: 'account', id: account.id },
    label: account.address,
    domain: account.domainName,
    mailbox: { id: account.id, domainId: account.domainId },
  };
}

export type { AccountRecord };

/** The account `name` of `domain`, or null. */
export async function findAccountIn(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<AccountRecord | null> {
  return findAccount(ctx.db, domain.name, name.trim().toLowerCase());
}

/** The account with `id` (a session's owner), or null when it is gone. */
export async function accountById(ctx: ServiceContext, id: number): Promise<AccountRecord | null> {
  return findAccountById(ctx.db, id);
}

/** The account `name` of `domain` or a not_found refusal. */
export async function requireAccount(ctx: ServiceContext, domain: DomainRecord, name: string): Promise<AccountRecord> {
  const account = await findAccountIn(ctx, domain, name);
  if (!account) throw new ServiceError('not_found', `There is no account ${name}@${domain.name}.`, 'account');
  return account;
}

/** Inserts an account with its welcome message (by `route`) inside the caller's transaction; answers its id. */
export async function createAccountInTransaction(
  trx: Queryable,
  route: SystemMailRoute,
  domain: { id: number; name: string },
  fields: { name: string; passwordHash: string; firstName?: string; lastName?: string },
  actor: Actor,
  now: number,
): Promise<number> {
  const id = await insertAccount(trx, { domainId: domain.id, ...fields }, now);
  const address = `${fields.name}@${domain.name}`;
  const text = welcomeText(await brandingNameWithin(trx, domain.id), address);
  await deliverSystemMessage(trx, route, { accountId: id, sender: `postmaster@${domain.name}`, kind: 'mail', ...text }, now);
  await recordAudit(trx, { actor, domain: domain.name, subject: address, event: 'account.created' }, now);
  return id;
}

/** Creates an account (and applies staged changes) in one transaction. */
export async function createAccount(
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  fields: { name: string; password: string; firstName?: string; lastName?: string },
  changes: AccountChange[] = [],
): Promise<AccountRecord> {
  const checked = checkAccountName(fields.name);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'name');
  const problem = passwordProblem(fields.password);
  if (problem) throw new ServiceError('invalid', problem, 'password');
  const passwordHash = await hashPassword(fields.password, ctx.passwordCost);
  const prepared = await prepareChanges(ctx, changes);
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (trx) => {
      const id = await createAccountInTransaction(trx, systemMailRoute(ctx.mail), domain, { name: checked.value, passwordHash, firstName: fields.firstName, lastName: fields.lastName }, actor, now);
      const account = await requireLoaded(trx, domain.name, checked.value, id);
      await applyPrepared(trx, ctx, actor, domain, account, prepared, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError('conflict', `The account ${checked.value}@${domain.name} already exists.`, 'name');
    throw err;
  }
  return requireAccount(ctx, domain, checked.value);
}

/** Removes an account with its mailbox and sessions. */
export async function removeAccount(ctx: ServiceContext, actor: Actor, domain: DomainRecord, name: string): Promise<void> {
  const account = await requireAccount(ctx, domain, name);
  if (account.name === 'postmaster') throw new ServiceError('forbidden', 'The postmaster account cannot be removed; remove the domain instead.', 'account');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await deleteAccount(trx, account.id);
    await recordAudit(trx, { actor, domain: domain.name, subject: account.address, event: 'account.removed' }, now);
  });
}

/** A staged change to an account, applied in order at commit. */
export type AccountChange =
  | { op: 'setPassword'; password: string }
  | { op: 'setName'; firstName: string; lastName: string }
  /** Inherit from the domain's Account Defaults (null) or from the named class. */
  | { op: 'inherit'; className: string | null }
  /** An explicit 2-Step Verification setting, or null to inherit again. */
  | { op: 'setTwoFactor'; value: TwoFactorSetting | null }
  /** Days allowed to set up 2-Step Verification (0–365), or null to inherit again. */
  | { op: 'setGraceDays'; value: number | null }
  /** "Allow trusting a browser for N days" (0 = off, up to 365), or null to inherit again. */
  | { op: 'setTrustDays'; value: number | null }
  /** The account's set-up deadline (ms), or null to forget it (the next sign-in starts one from the setting). */
  | { op: 'setSetupDeadline'; value: number | null }
  /** Adds the key as a paired device named `name` (PROVISIONED_DEVICE_NAME when none is given). */
  | { op: 'provisionKey'; key: string; name?: string }
  /** Removes the account's device with that id. */
  | { op: 'removeDevice'; id: number }
  | { op: 'resetKey' }
  | { op: 'revokeAll' }
  | { op: 'setConfigured'; value: boolean }
  | { op: 'unlock' }
  /** Revokes the app password of that name (case ignored). */
  | { op: 'revokeAppPassword'; name: string }
  | { op: 'revokeAppPasswords' };

type PreparedChange = AccountChange | { op: 'setPasswordHash'; hash: string };

/** Hashes passwords before the transaction opens (hashing is slow and needs no lock). */
async function prepareChanges(ctx: ServiceContext, changes: AccountChange[]): Promise<PreparedChange[]> {
  const prepared: PreparedChange[] = [];
  for (const change of changes) {
    if (change.op === 'setPassword') {
      const problem = passwordProblem(change.password);
      if (problem) throw new ServiceError('invalid', problem, 'password');
      prepared.push({ op: 'setPasswordHash', hash: await hashPassword(change.password, ctx.passwordCost) });
    } else {
      prepared.push(change);
    }
  }
  return prepared;
}

/** Applies staged account changes atomically; a refusal part-way leaves the account as it was. */
export async function applyAccountChanges(
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  name: string,
  changes: AccountChange[],
  keepSid?: string,
): Promise<AccountRecord> {
  const account = await requireAccount(ctx, domain, name);
  const prepared = await prepareChanges(ctx, changes);
  await ctx.db.transaction((trx) => applyPrepared(trx, ctx, actor, domain, account, prepared, ctx.clock.now(), keepSid));
  return requireAccount(ctx, domain, account.name);
}

async function requireLoaded(q: Queryable, domainName: string, name: string, id: number): Promise<AccountRecord> {
  const account = await findAccount(q, domainName, name);
  if (!account || account.id !== id) throw new ServiceError('not_found', `There is no account ${name}@${domainName}.`, 'account');
  return account;
}

async function applyPrepared(
  trx: Queryable,
  ctx: ServiceContext,
  actor: Actor,
  domain: DomainRecord,
  account: AccountRecord,
  changes: PreparedChange[],
  now: number,
  keepSid?: string,
): Promise<void> {
  const target = accountTarget(account);
  const keyCtx = keyOpContext(ctx, trx, actor, now, keepSid);
  const audit = (event: string, detail?: string) =>
    recordAudit(trx, { actor, domain: domain.name, subject: account.address, event, detail }, now);
  for (const change of changes) {
    switch (change.op) {
      case 'setPasswordHash':
        await updateAccount(trx, account.id, { passwordHash: change.hash });
        await audit('password.changed');
        await endAppPasswords(keyCtx, target, 'password_changed');
        await endTrustedBrowsers(keyCtx, target, 'password_changed');
        break;
      case 'setName':
        await updateAccount(trx, account.id, { firstName: change.firstName.trim().slice(0, 100), lastName: change.lastName.trim().slice(0, 100) });
        break;
      case 'inherit': {
        let classId: number | null = null;
        if (change.className !== null) {
          const found = await findAccountClass(trx, domain.id, change.className);
          if (!found) throw new ServiceError('not_found', `There is no account class ${change.className} in ${domain.name}.`, 'class');
          classId = found.id;
        }
        await updateAccount(trx, account.id, { classId });
        await audit('class.changed', change.className ? `inherits from class ${change.className}` : 'inherits from the domain defaults');
        break;
      }
      case 'setTwoFactor':
        await updateAccount(trx, account.id, { twoFactor: change.value });
        await audit('setting.changed', change.value ?? 'inherited');
        if (change.value === 'disabled') await endTrustedBrowsers(keyCtx, target, 'turned_off');
        break;
      case 'setGraceDays':
        await updateAccount(trx, account.id, { graceDays: checkGraceDays(change.value) });
        await audit('setting.changed', graceDaysDetail(change.value));
        break;
      case 'setTrustDays':
        await updateAccount(trx, account.id, { trustDays: checkTrustDays(change.value) });
        await audit('setting.changed', trustDaysDetail(change.value));
        break;
      case 'setSetupDeadline':
        await changeSetupDeadline(keyCtx, target, change.value);
        break;
      case 'provisionKey':
        await provisionKey(keyCtx, target, change.key, change.name);
        break;
      case 'removeDevice':
        await removeDevice(keyCtx, target, change.id);
        break;
      case 'resetKey':
        await resetKey(keyCtx, target);
        break;
      case 'revokeAll':
        await revokeAllDevices(keyCtx, target);
        break;
      case 'setConfigured':
        await setKeyConfigured(keyCtx, target, change.value);
        break;
      case 'unlock':
        await unlock(keyCtx, target);
        break;
      case 'revokeAppPassword':
        await revokeOneAppPassword(keyCtx, target, { name: change.name });
        break;
      case 'revokeAppPasswords':
        await endAppPasswords(keyCtx, target, 'revoked');
        break;
    }
  }
}

/** Everything screens and the CLI show about an account's 2-Step Verification. */
export interface AccountSummary {
  address: string;
  firstName: string;
  lastName: string;
  /** "domain defaults" or the class name. */
  inheritsFrom: { kind: 'domain' } | { kind: 'class'; name: string };
  explicit: TwoFactorSetting | null;
  effective: ResolvedPolicy;
  /** "inherited from class staff", "set on this account", … */
  sourceText: string;
  /** Days allowed to set up 2-Step Verification when mandatory, and where the value comes from. */
  graceDays: ResolvedSetting<number>;
  graceSourceText: string;
  /** Days a browser may be trusted to skip the code (0 = off), and where the value comes from. */
  trustDays: ResolvedSetting<number>;
  trustSourceText: string;
  /** The fixed deadline of the mandatory set-up (ms), or null when none was fixed. */
  setupDeadline: number | null;
  status: TwoFactorStatus;
  statusText: string;
  hasKey: boolean;
  configured: boolean;
  locked: boolean;
  lockedUntil: number | null;
  lastSuccessAt: number | null;
  /** The typical clock offset of the recent codes of the device used last, in words, or null before any code. */
  driftText: string | null;
  /** A warning when most of that device's recent codes sat at the edge of the accepted window. */
  driftWarning: string | null;
  recoveryCodesLeft: number;
  /** Every device of the account, oldest first, each with its own clock diagnosis. */
  devices: DeviceView[];
}

/** The device whose code was accepted last (else the newest), whose clock the summary speaks of. */
function lastUsedDevice(devices: DeviceView[]): DeviceView | null {
  return devices.reduce<DeviceView | null>((best, one) => (!best || (one.lastUsedAt ?? -1) >= (best.lastUsedAt ?? -1) ? one : best), null);
}

/** Summarises an account for display, as it stands now. */
export async function summarizeAccount(ctx: ServiceContext, account: AccountRecord): Promise<AccountSummary> {
  const now = ctx.clock.now();
  const effective = accountPolicy(account);
  const status = twoFactorStatus(effective, account.state, now);
  const locked = account.state.lockedUntil !== null && account.state.lockedUntil > now;
  const devices = await listDevices(ctx, { kind: 'account', id: account.id });
  const clockOf = lastUsedDevice(devices);
  return {
    address: account.address,
    firstName: account.firstName,
    lastName: account.lastName,
    inheritsFrom: account.className ? { kind: 'class', name: account.className } : { kind: 'domain' },
    explicit: account.twoFactor,
    effective,
    sourceText: describeSource(effective.source),
    graceDays: accountGraceDays(account),
    graceSourceText: describeSource(accountGraceDays(account).source),
    trustDays: accountTrustDays(account),
    trustSourceText: describeSource(accountTrustDays(account).source),
    setupDeadline: account.setupDeadline,
    status,
    statusText: STATUS_LABELS[status],
    hasKey: account.state.hasKey,
    configured: account.state.configured,
    locked,
    lockedUntil: locked ? account.state.lockedUntil : null,
    lastSuccessAt: account.state.lastSuccessAt,
    driftText: clockOf?.driftText ?? null,
    driftWarning: clockOf?.driftWarning ?? null,
    recoveryCodesLeft: await countUnusedRecoveryCodes(ctx.db, { kind: 'account', id: account.id }),
    devices,
  };
}

/** The current verification code of each of the account's devices, oldest first (support use); refused when it has no key. */
export async function accountCurrentCodes(ctx: ServiceContext, account: AccountRecord): Promise<{ id: number; name: string; code: string }[]> {
  return currentCodes(ctx, { kind: 'account', id: account.id });
}

/** The current verification code of the account's newest device (support use); refused when it has no key. */
export async function accountCurrentCode(ctx: ServiceContext, account: AccountRecord): Promise<string> {
  return (await accountCurrentCodes(ctx, account)).at(-1)!.code;
}
