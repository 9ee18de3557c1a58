import { appPasswordMatches, checkAppPasswordName, groupAppPassword, hashAppPassword, newAppPassword, normalizeAppPassword, protocolLabel } from '../core/app-passwords.js';
import { challengeRequired } from '../core/two-factor-status.js';
import { findAccountById, lockAccountRow, type AccountRecord } from '../repos/accounts.js';
import { addAppPasswordAddress, insertAppPassword, listAppPasswords, touchAppPassword, type AppPasswordRecord } from '../repos/app-passwords.js';
import type { Actor } from '../repos/audit.js';
import { accountPolicy, accountTarget } from './accounts.js';
import { endAppPasswords, revokeOneAppPassword } from './app-password-ends.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { auditTarget, keyOpContext, notifyTarget } from './key-op.js';

/** Most app passwords one account may hold. */
export const APP_PASSWORD_LIMIT = 20;

/** Words of the refusals, kept together. */
export const APP_PASSWORD_TEXT = {
  notOn: 'App passwords can be created once 2-Step Verification is on.',
  full: `An account can have at most ${APP_PASSWORD_LIMIT} app passwords. Revoke one you no longer use first.`,
  taken: (name: string) => `There is already an app password named "${name}". Choose another name.`,
} as const;

/** An app password as lists show it: never its hash. */
export interface AppPasswordView {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  /** "IMAP", "POP3", "SMTP", or null when never used. */
  lastUsedProtocol: string | null;
}

/** A new app password, in clear this one time: four groups of four letters. */
export interface CreatedAppPassword {
  name: string;
  password: string;
}

function toView(row: AppPasswordRecord): AppPasswordView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    lastUsedProtocol: row.lastUsedProtocol === null ? null : protocolLabel(row.lastUsedProtocol),
  };
}

/** True when the account may create app passwords: its 2-Step Verification is on and paired. */
export function canCreateAppPasswords(account: AccountRecord): boolean {
  return challengeRequired(accountPolicy(account), account.state);
}

/** The account's app passwords, oldest first. */
export async function accountAppPasswords(ctx: ServiceContext, account: AccountRecord): Promise<AppPasswordView[]> {
  return (await listAppPasswords(ctx.db, account.id)).map(toView);
}

/**
 * Creates an app password named `rawName` for an account whose 2-Step Verification is on, in one
 * transaction that holds the account's row: at most APP_PASSWORD_LIMIT, names unique whatever their
 * case, an audit record and a security notice. Answers the password, the only time it exists in clear.
 */
export async function createAppPassword(ctx: ServiceContext, actor: Actor, account: AccountRecord, rawName: string): Promise<CreatedAppPassword> {
  const checked = checkAppPasswordName(rawName);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'name');
  const name = checked.value;
  const password = newAppPassword();
  const hash = hashAppPassword(password);
  await ctx.db.transaction(async (trx) => {
    const current = (await lockAccountRow(trx, account.id)) ? await findAccountById(trx, account.id) : null;
    if (!current) throw new ServiceError('not_found', `There is no account ${account.address}.`, 'account');
    if (!canCreateAppPasswords(current)) throw new ServiceError('conflict', APP_PASSWORD_TEXT.notOn);
    const existing = await listAppPasswords(trx, current.id);
    if (existing.length >= APP_PASSWORD_LIMIT) throw new ServiceError('conflict', APP_PASSWORD_TEXT.full, 'name');
    if (existing.some((row) => row.name.toLowerCase() === name.toLowerCase())) throw new ServiceError('conflict', APP_PASSWORD_TEXT.taken(name), 'name');
    await insertAppPassword(trx, { accountId: current.id, name, hash }, ctx.clock.now());
    const c = keyOpContext(ctx, trx, actor);
    await auditTarget(c, accountTarget(current), 'app_password.created', name);
    await notifyTarget(c, accountTarget(current), 'app_password_created', `Name: ${name}`);
  });
  return { name, password: groupAppPassword(password) };
}

/** Revokes one app password of the account (by its id), with an audit record and a notice; answers its name. */
export async function revokeAppPassword(ctx: ServiceContext, actor: Actor, account: AccountRecord, id: number): Promise<string> {
  return ctx.db.transaction((trx) => revokeOneAppPassword(keyOpContext(ctx, trx, actor), accountTarget(account), { id }));
}

/** Revokes the account's app password named `name` (case ignored), with an audit record and a notice; answers its stored name. */
export async function revokeAppPasswordNamed(ctx: ServiceContext, actor: Actor, account: AccountRecord, name: string): Promise<string> {
  return ctx.db.transaction((trx) => revokeOneAppPassword(keyOpContext(ctx, trx, actor), accountTarget(account), { name }));
}

/** The account's app password with `id`, as lists show it; refused (not found) when the account has none with that id. */
export async function requireAppPassword(ctx: ServiceContext, account: AccountRecord, id: number): Promise<AppPasswordView> {
  const found = (await accountAppPasswords(ctx, account)).find((row) => row.id === id);
  if (!found) throw new ServiceError('not_found', `There is no such app password for ${account.address}; it may have been revoked already.`, 'appPassword');
  return found;
}

/** Revokes every app password of the account ("Revoke all"); answers how many there were. */
export async function revokeAllAppPasswords(ctx: ServiceContext, actor: Actor, account: AccountRecord): Promise<number> {
  return ctx.db.transaction((trx) => endAppPasswords(keyOpContext(ctx, trx, actor), accountTarget(account), 'revoked'));
}

/** The account's app password that `password` is (spaces and case ignored), or null. */
export async function matchAppPassword(ctx: ServiceContext, account: AccountRecord, password: string): Promise<AppPasswordRecord | null> {
  const canonical = normalizeAppPassword(password);
  if (canonical === null) return null;
  const all = await listAppPasswords(ctx.db, account.id);
  return all.find((row) => appPasswordMatches(canonical, row.hash)) ?? null;
}

/**
 * Notes a mail client's sign-in with an app password, in one transaction: its last use (when, from
 * where, which protocol), and the first use from an address it never signed in from, which goes to
 * the audit log and the mailbox as a notice (once, however many connections arrive together).
 */
export async function noteAppPasswordUse(ctx: ServiceContext, account: AccountRecord, used: AppPasswordRecord, client: { ip: string | null; service: string }): Promise<void> {
  const now = ctx.clock.now();
  const address = client.ip ?? 'unknown';
  const use = { at: now, ip: client.ip, protocol: client.service };
  // Signed in from this very address last time: it is known already, and the last use is one statement.
  if (used.lastUsedIp === client.ip && used.lastUsedAt !== null) return touchAppPassword(ctx.db, used.id, use);
  await ctx.db.transaction(async (trx) => {
    await touchAppPassword(trx, used.id, use);
    if (!(await addAppPasswordAddress(trx, used.id, address, now))) return;
    const c = keyOpContext(ctx, trx, { kind: 'user', name: account.address, ip: client.ip }, now);
    const detail = `${used.name}: ${protocolLabel(client.service)} from ${address}`;
    await auditTarget(c, accountTarget(account), 'app_password.new_address', detail);
    await notifyTarget(c, accountTarget(account), 'app_password_new_address', `Name: ${used.name}\nAddress: ${address}\nProtocol: ${protocolLabel(client.service)}`);
  });
}
