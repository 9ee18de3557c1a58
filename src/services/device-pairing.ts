import type { Queryable } from '../repos/queryable.js';
import { acceptFactorStep, insertTotpFactor } from '../repos/second-factors.js';
import { recordPairingSuccess, type TwoFactorSubject } from '../repos/two-factor.js';

/**
 * Stores a newly paired authenticator app as a configured device, inside the caller's transaction,
 * with the step of the code that confirmed it (so that code cannot sign in again) and a fresh start
 * for the subject's failure count. Answers the device's id.
 */
export async function pairDevice(q: Queryable, subject: TwoFactorSubject, device: { name: string; sealed: string }, check: { step: number; drift: number }, now: number): Promise<number> {
  const id = await insertTotpFactor(q, subject, { name: device.name, sealed: device.sealed, configured: true }, now);
  await acceptFactorStep(q, id, check.step, check.drift, String(check.drift), now);
  await recordPairingSuccess(q, subject, now);
  return id;
}
