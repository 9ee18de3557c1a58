import { findAdminByName, type AdminRecord } from '../repos/admins.js';
import type { TwoFactorState } from '../repos/two-factor.js';
import type { PairingTarget } from './pairing.js';
import type { ServiceContext } from './context.js';
import { checkPasswordOrDummy } from './password-check.js';
import { clearThrottle, recordThrottledFailure, throttledUntil } from './throttle.js';

/** Where an admin goes after a correct password: the code challenge, mandatory set-up, or straight in. */
export type AdminNextStage = 'challenge' | 'setup' | 'full';

/** Outcome of an admin password sign-in. */
export type AdminSignIn =
  | { ok: true; admin: AdminRecord; stage: AdminNextStage }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'throttled'; until: number };

/** The stage after the password: paired admins are challenged; unpaired ones set up when the server requires it. */
export function adminStageAfterPassword(state: Pick<TwoFactorState, 'configured' | 'secretSealed'>, mandatory: boolean): AdminNextStage {
  if (state.configured && state.secretSealed !== null) return 'challenge';
  return mandatory ? 'setup' : 'full';
}

/** Throttle keys of admin password failures: per admin name and per client address. */
export function adminPasswordKeys(name: string, ip: string): string[] {
  return [`admin-password:name:${name}`, `admin-password:ip:${ip}`];
}

/**
 * Checks an admin's name and password, throttled per name and per client address with a growing
 * delay. Unknown names and wrong passwords answer alike.
 */
export async function signInAdmin(ctx: ServiceContext, name: string, password: string, ip: string, adminTwoFactorMandatory: boolean): Promise<AdminSignIn> {
  const cleanName = name.trim().toLowerCase();
  const keys = adminPasswordKeys(cleanName, ip);
  const now = ctx.clock.now();
  const until = await throttledUntil(ctx.db, keys, now);
  if (until !== null) return { ok: false, reason: 'throttled', until };
  const admin = cleanName ? await findAdminByName(ctx.db, cleanName) : null;
  // Verify even for an unknown name, so both answers take the same time.
  const matches = await checkPasswordOrDummy(password, admin?.passwordHash, ctx.passwordCost);
  if (!admin || !matches) {
    await recordThrottledFailure(ctx.db, keys, now);
    return { ok: false, reason: 'wrong' };
  }
  await clearThrottle(ctx.db, keys);
  return { ok: true, admin, stage: adminStageAfterPassword(admin.state, adminTwoFactorMandatory) };
}

/** What an admin's 2-Step Verification operations act on: the admin by name, no domain, no mailbox; the issuer is WebAdmin's name. */
export function adminPairingTarget(admin: Pick<AdminRecord, 'id' | 'name'>, issuer: string): PairingTarget {
  return { subject: { kind: 'admin', id: admin.id }, label: admin.name, domain: null, mailbox: null, issuer };
}
