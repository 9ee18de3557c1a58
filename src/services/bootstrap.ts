import { hashPassword, randomPassword } from '../core/password.js';
import { findAdminByName, insertAdmin } from '../repos/admins.js';
import { recordAudit } from '../repos/audit.js';
import type { ServiceContext } from './context.js';

/** Name of the built-in administrator. */
export const BUILTIN_ADMIN = 'admin';

/**
 * Creates the built-in `admin` on first start with `password`, or a random one; answers the random
 * password so it can be printed once (null when the admin existed or the password was given).
 */
export async function ensureBuiltinAdmin(ctx: ServiceContext, password: string | undefined): Promise<string | null> {
  if (await findAdminByName(ctx.db, BUILTIN_ADMIN)) return null;
  const chosen = password ?? randomPassword();
  const hash = await hashPassword(chosen, ctx.passwordCost);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await insertAdmin(trx, BUILTIN_ADMIN, hash, true, now);
    await recordAudit(trx, { actor: { kind: 'system', name: 'setup' }, subject: BUILTIN_ADMIN, event: 'admin.created' }, now);
  });
  return password ? null : chosen;
}
