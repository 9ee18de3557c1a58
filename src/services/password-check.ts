import type { PasswordCost } from '../config.js';
import { hashPassword, verifyPassword } from '../core/password.js';

const dummyHashes = new Map<string, Promise<string>>();

/** A hash of no real password at `cost`, made once per cost. */
function dummyHash(cost: PasswordCost): Promise<string> {
  const key = `${cost.N}:${cost.r}:${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword('no-such-user-password', cost);
    dummyHashes.set(key, hash);
  }
  return hash;
}

/**
 * True when `password` matches `stored`. With no stored hash (unknown user) it verifies against a
 * dummy hash and answers false, so both cases do the same work and take the same time.
 */
export async function checkPasswordOrDummy(password: string, stored: string | undefined, cost: PasswordCost): Promise<boolean> {
  const matches = await verifyPassword(password, stored ?? (await dummyHash(cost)));
  return stored !== undefined && matches;
}
