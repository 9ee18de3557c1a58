import { describeDuration } from '../core/lockout.js';
import { signInAdmin } from '../services/admin-auth.js';
import type { AdminRecord } from '../services/admins.js';
import { verifySecondFactor, type SecondFactor } from '../services/challenge.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { storedServerSettings } from '../services/server-settings.js';
import type { KeyTarget } from '../services/two-factor-keys.js';
import { S } from './strings.js';

/** After the password: logged in, the admin's 2-Step Verification code is needed, or refused with a message. */
export type PasswordStep = { kind: 'in'; admin: AdminRecord } | { kind: 'code'; admin: AdminRecord } | { kind: 'refused'; message: string; counts: boolean };

/** After a verification code: logged in, or refused (`final` when the login must start over). */
export type CodeStep = { kind: 'in' } | { kind: 'refused'; message: string; final: boolean };

/**
 * Checks a CLI login against the WebAdmin administrators, with the same per-name and per-address
 * throttling as the WebAdmin sign-in; an admin who protects their login with 2-Step Verification is
 * asked for a code too.
 */
export async function checkCliPassword(ctx: ServiceContext, name: string, password: string, ip: string): Promise<PasswordStep> {
  const settings = await storedServerSettings(ctx);
  const result = await signInAdmin(ctx, name, password, ip, settings.adminTwoFactorMandatory, 'cli');
  if (!result.ok) {
    return result.reason === 'throttled'
      ? { kind: 'refused', message: S.loginThrottled(describeDuration(result.until - ctx.clock.now())), counts: true }
      : { kind: 'refused', message: S.loginFailed, counts: true };
  }
  if (result.stage === 'setup') return { kind: 'refused', message: S.adminSetupFirst, counts: false };
  return result.stage === 'challenge' ? { kind: 'code', admin: result.admin } : { kind: 'in', admin: result.admin };
}

/** Checks the code (or a recovery code) of an admin who passed the password. */
export async function checkCliCode(ctx: ServiceContext, admin: AdminRecord, typed: string, actor: Actor): Promise<CodeStep> {
  const target: KeyTarget = { subject: { kind: 'admin', id: admin.id }, label: admin.name, domain: null, mailbox: null };
  const answer: SecondFactor = /^\d{6}$/.test(typed.trim()) ? { code: typed } : { recoveryCode: typed };
  const outcome = await verifySecondFactor(ctx, target, answer, actor);
  switch (outcome.kind) {
    case 'success':
    case 'unavailable':
      return { kind: 'in' };
    case 'wrong':
      return { kind: 'refused', message: S.codeWrong(outcome.attemptsLeft), final: false };
    case 'replayed':
      return { kind: 'refused', message: S.codeReplayed(outcome.attemptsLeft), final: false };
    case 'locked':
    case 'throttled':
      return { kind: 'refused', message: S.codeLocked(describeDuration(outcome.until - ctx.clock.now())), final: true };
  }
}
