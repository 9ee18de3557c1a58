import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How many recovery codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten new codes like `k7qm-2xhp-9tdw` (about 59 bits each). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(12), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Canonical form of a typed code: lower case, spaces and dashes dropped; null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]+/g, '');
  return /^[a-z0-9]{12}$/.test(code) ? code : null;
}

/** The stored hash of a code (SHA-256 of its canonical form; the codes are random, so no salt is needed). */
export function hashRecoveryCode(code: string): string {
  const canonical = normalizeRecoveryCode(code) ?? code;
  return createHash('sha256').update(canonical).digest('hex');
}

/** Constant-time equality of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
