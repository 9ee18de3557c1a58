import { hashRecoveryCode, newRecoveryCodes } from '../core/recovery-codes.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';
import { countUnusedRecoveryCodes, replaceRecoveryCodes } from '../repos/recovery-codes.js';
import { getTwoFactorState, type TwoFactorSubject } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { deliverNotice, systemMailRoute } from './notices.js';
import type { KeyTarget } from './two-factor-keys.js';

/**
 * Replaces the subject's recovery codes with a new set inside the caller's transaction; answers the
 * codes in clear, the only time they exist outside their hashes.
 */
export async function issueRecoveryCodes(q: Queryable, subject: TwoFactorSubject, now: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(q, subject, codes.map(hashRecoveryCode), now);
  return codes;
}

/** How many recovery codes the subject can still use. */
export async function recoveryCodesLeft(ctx: ServiceContext, subject: TwoFactorSubject): Promise<number> {
  return countUnusedRecoveryCodes(ctx.db, subject);
}

/** A new set of recovery codes for a paired subject; the old set stops working. Answers the new codes. */
export async function regenerateRecoveryCodes(ctx: ServiceContext, actor: Actor, target: KeyTarget): Promise<string[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const state = await getTwoFactorState(trx, target.subject);
    if (!state?.configured) {
      throw new ServiceError('conflict', '2-Step Verification is not turned on, so there are no recovery codes to replace.');
    }
    const codes = await issueRecoveryCodes(trx, target.subject, now);
    await recordAudit(trx, { actor, domain: target.domain, subject: target.label, event: 'recovery.regenerated' }, now);
    if (target.mailbox) await deliverNotice(trx, systemMailRoute(ctx.mail), target.mailbox, 'recovery_regenerated', now);
    return codes;
  });
}
