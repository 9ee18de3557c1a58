import { findAdminByName, type AdminRecord } from '../repos/admins.js';
import type { TwoFactorState } from '../repos/two-factor.js';
import type { PairingTarget } from './pairing.js';
import type { ServiceContext } from './context.js';
import { checkThrottledPassword } from './password-check.js';
import { auditSignIn, type SignInChannel } from './sign-in-audit.js';

/** Where an admin goes after a correct password: the code challenge, mandatory set-up, or straight in. */
export type AdminNextStage = 'challenge' | 'setup' | 'full';

/** Outcome of an admin password sign-in. */
export type AdminSignIn =
  | { ok: true; admin: AdminRecord; stage: AdminNextStage }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'throttled'; until: number };

/** The stage after the password: paired admins are challenged; unpaired ones set up when the server requires it. */
export function adminStageAfterPassword(state: Pick<TwoFactorState, 'configured'>, mandatory: boolean): AdminNextStage {
  if (state.configured) return 'challenge';
  return mandatory ? 'setup' : 'full';
}

/** Throttle keys of admin password failures: per admin name and per client address. */
export function adminPasswordKeys(name: string, ip: string): string[] {
  return [`admin-password:name:${name}`, `admin-password:ip:${ip}`];
}

/**
 * Checks an admin's name and password, throttled per name and per client address with a growing
 * delay; the attempt is counted before the hash is computed. Unknown names and wrong passwords answer
 * alike. Every attempt is in the audit log, as coming through `channel` (WebAdmin or the CLI).
 */
export async function signInAdmin(ctx: ServiceContext, name: string, password: string, ip: string, adminTwoFactorMandatory: boolean, channel: SignInChannel): Promise<AdminSignIn> {
  const cleanName = name.trim().toLowerCase();
  const keys = adminPasswordKeys(cleanName, ip);
  const result = await checkThrottledPassword(ctx, {
    keys,
    forgive: keys,
    password,
    load: () => (cleanName ? findAdminByName(ctx.db, cleanName) : Promise.resolve(null)),
    hashOf: (admin) => admin.passwordHash,
  });
  await auditSignIn(ctx.db, { channel, login: cleanName, ip, result: result.ok ? 'succeeded' : result.reason }, ctx.clock.now());
  // Whether the login exists stays inside: both failures answer alike.
  if (!result.ok) return result.reason === 'throttled' ? result : { ok: false, reason: 'wrong' };
  return { ok: true, admin: result.subject, stage: adminStageAfterPassword(result.subject.state, adminTwoFactorMandatory) };
}

/** What an admin's 2-Step Verification operations act on: the admin by name, no domain, no mailbox; the issuer is WebAdmin's name. */
export function adminPairingTarget(admin: Pick<AdminRecord, 'id' | 'name'>, issuer: string): PairingTarget {
  return { subject: { kind: 'admin', id: admin.id }, label: admin.name, domain: null, mailbox: null, issuer };
}
