import { appendDrift, formatDriftHistory } from '../core/drift.js';
import type { SecretBox } from '../core/secret-box.js';
import { checkCode } from '../core/totp.js';
import type { Queryable } from '../repos/queryable.js';
import { acceptFactorStep, type SecondFactorKind, type SecondFactorRecord } from '../repos/second-factors.js';

/** What one answer is found to be against a subject's paired second factors of one kind. */
export type FactorCheck =
  /** `device` matched at `step`, `drift` steps from now. */
  | { kind: 'match'; device: SecondFactorRecord; step: number; drift: number }
  /** A device matched at or before its last accepted step. */
  | { kind: 'replayed'; device: SecondFactorRecord; step: number }
  | { kind: 'wrong' };

/** How the challenge checks and records answers for one kind of second factor. */
export interface FactorStrategy {
  kind: SecondFactorKind;
  /** Checks `answer` against every device of this kind (each with its own replay guard); throws SecretUnreadableError for a key the server cannot open. */
  check(box: SecretBox, devices: readonly SecondFactorRecord[], answer: string, now: number): FactorCheck;
  /** Records the accepted answer on its device, only if no later answer of that device got there first (answers false then). */
  accept(q: Queryable, match: Extract<FactorCheck, { kind: 'match' }>, now: number): Promise<boolean>;
}

/**
 * Authenticator apps (RFC 6238): the code is checked against every device's key, so the time taken
 * does not depend on which device matched; a match wins over a replay of another device.
 */
export const TOTP_STRATEGY: FactorStrategy = {
  kind: 'totp',
  check(box, devices, answer, now) {
    let found: FactorCheck = { kind: 'wrong' };
    for (const device of devices) {
      if (!device.secretSealed) continue;
      const check = checkCode(box.open(device.secretSealed), answer, now, device.lastStep);
      if (check.ok && found.kind !== 'match') found = { kind: 'match', device, step: check.step, drift: check.drift };
      else if (!check.ok && check.reason === 'replayed' && found.kind === 'wrong') found = { kind: 'replayed', device, step: check.step };
    }
    return found;
  },
  async accept(q, match, now) {
    const history = formatDriftHistory(appendDrift(match.device.driftHistory, match.drift));
    return acceptFactorStep(q, match.device.id, match.step, match.drift, history, now);
  },
};

/** The strategy of each kind of second factor answered with a typed code (security keys answer with a signature: see webauthn-strategy). */
export const FACTOR_STRATEGIES: Readonly<Partial<Record<SecondFactorKind, FactorStrategy>> & { totp: FactorStrategy }> = { totp: TOTP_STRATEGY };
