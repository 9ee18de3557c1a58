import { passwordProblem } from '../core/names.js';
import { hashPassword, verifyPassword } from '../core/password.js';
import { deleteAdmin, findAdminById, findAdminByName, insertAdmin, listAdmins, setAdminPassword, type AdminRecord } from '../repos/admins.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { isUniqueViolation } from '../repos/queryable.js';
import { deleteAdminSessions } from '../repos/sessions.js';
import { clearSecret, unlockCodeEntry } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

export type { AdminRecord };

/** An administrator name: lower-cased letters, digits, dot, hyphen, underscore; 1 to 64 characters. */
export function checkAdminName(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9_-])?$/.test(value)) {
    return { ok: false, message: `"${raw.slice(0, 80)}" is not a valid administrator name: use letters, digits, dots, hyphens and underscores, up to 64 characters.` };
  }
  return { ok: true, value };
}

/** The admin `name` or a not_found refusal. */
export async function requireAdmin(ctx: ServiceContext, name: string): Promise<AdminRecord> {
  const admin = await findAdminByName(ctx.db, name.trim().toLowerCase());
  if (!admin) throw new ServiceError('not_found', `There is no administrator ${name}.`, 'admin');
  return admin;
}

/** The admin with `id` (a session's owner), or null when it is gone. */
export function adminById(ctx: ServiceContext, id: number): Promise<AdminRecord | null> {
  return findAdminById(ctx.db, id);
}

/** Every administrator, by name. */
export function allAdmins(ctx: ServiceContext): Promise<AdminRecord[]> {
  return listAdmins(ctx.db);
}

async function checkedHash(ctx: ServiceContext, password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new ServiceError('invalid', problem, 'password');
  return hashPassword(password, ctx.passwordCost);
}

/** Adds an administrator with a password, in one transaction with its audit record. */
export async function createAdmin(ctx: ServiceContext, actor: Actor, rawName: string, password: string): Promise<AdminRecord> {
  const checked = checkAdminName(rawName);
  if (!checked.ok) throw new ServiceError('invalid', checked.message, 'name');
  const hash = await checkedHash(ctx, password);
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (trx) => {
      await insertAdmin(trx, checked.value, hash, false, now);
      await recordAudit(trx, { actor, subject: checked.value, event: 'admin.created' }, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError('conflict', `The administrator ${checked.value} already exists.`, 'name');
    throw err;
  }
  return requireAdmin(ctx, checked.value);
}

/** Removes an administrator with their sessions; the built-in admin and the acting admin cannot be removed. */
export async function removeAdmin(ctx: ServiceContext, actor: Actor, actingAdminId: number, name: string): Promise<void> {
  const admin = await requireAdmin(ctx, name);
  if (admin.builtin) throw new ServiceError('forbidden', `The built-in administrator ${admin.name} cannot be removed.`, 'admin');
  if (admin.id === actingAdminId) throw new ServiceError('forbidden', 'You cannot remove yourself; ask another administrator.', 'admin');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await deleteAdmin(trx, admin.id);
    await recordAudit(trx, { actor, subject: admin.name, event: 'admin.removed' }, now);
  });
}

/**
 * Sets an administrator's password and signs out their other sessions (`keepSid`, the acting
 * session, stays), in one transaction with its audit record.
 */
export async function setAdminPasswordBy(ctx: ServiceContext, actor: Actor, name: string, password: string, keepSid?: string): Promise<void> {
  const admin = await requireAdmin(ctx, name);
  const hash = await checkedHash(ctx, password);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await setAdminPassword(trx, admin.id, hash);
    await deleteAdminSessions(trx, admin.id, keepSid);
    await recordAudit(trx, { actor, subject: admin.name, event: 'password.changed' }, now);
  });
}

/**
 * Another administrator (or the local CLI, `actingAdminId` null) resets an administrator's 2-Step
 * Verification: the key, recovery codes and lock go and every session of theirs ends, in one
 * transaction with its audit record; their next sign-in leads into set-up when the server setting
 * makes it mandatory. One's own goes through My account instead.
 */
export async function resetAdminTwoFactor(ctx: ServiceContext, actor: Actor, actingAdminId: number | null, name: string): Promise<AdminRecord> {
  const admin = await requireAdmin(ctx, name);
  if (admin.id === actingAdminId) throw new ServiceError('forbidden', 'You cannot reset your own 2-Step Verification here; use My account, or ask another administrator.', 'admin');
  if (!admin.state.hasKey && !admin.state.configured) throw new ServiceError('invalid', `The administrator ${admin.name} has no 2-Step Verification to reset.`, 'admin');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await clearSecret(trx, { kind: 'admin', id: admin.id });
    await unlockCodeEntry(trx, { kind: 'admin', id: admin.id });
    await deleteAdminSessions(trx, admin.id);
    await recordAudit(trx, { actor, subject: admin.name, event: 'admin.two_factor_reset' }, now);
  });
  return requireAdmin(ctx, admin.name);
}

/** An admin changes their own password: the current one must be right. */
export async function changeOwnAdminPassword(ctx: ServiceContext, actor: Actor, admin: AdminRecord, current: string, next: string, keepSid?: string): Promise<void> {
  if (!(await verifyPassword(current, admin.passwordHash))) throw new ServiceError('invalid', 'Your current password is not correct.', 'currentPassword');
  await setAdminPasswordBy(ctx, actor, admin.name, next, keepSid);
}
