import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** How many recovery codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten new codes like `k7qm-2xhp-9tdw` (about 59 bits each), every character equally likely. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    // randomInt draws without modulo bias (a byte % 31 would favour the first characters).
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Canonical form of a typed code: lower case, spaces and dashes dropped; null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]+/g, '');
  return /^[a-z0-9]{12}$/.test(code) ? code : null;
}

/** Stored hashes of this form: `s1$<salt>$<SHA-256 of salt and code>` (base64url), at most 64 characters. */
const SALTED = /^s1\$([A-Za-z0-9_-]{11})\$([A-Za-z0-9_-]{43})$/;

function saltedDigest(salt: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(salt).update(canonical).digest();
}

/**
 * The stored hash of a code: SHA-256 of a random 64-bit salt and the code's canonical form, with
 * the salt. Salted rather than keyed, so a change of SECRET_KEY leaves every code working; the
 * codes themselves are random, so a fast hash is enough.
 */
export function hashRecoveryCode(code: string): string {
  const canonical = normalizeRecoveryCode(code) ?? code;
  const salt = randomBytes(8);
  return `s1$${salt.toString('base64url')}$${saltedDigest(salt, canonical).toString('base64url')}`;
}

/**
 * True when `stored` is the hash of the code `typed`, compared in constant time. Hashes stored
 * before salting (64 hex digits, SHA-256 of the code) still match until they are used or replaced.
 */
export function recoveryCodeMatches(stored: string, typed: string): boolean {
  const canonical = normalizeRecoveryCode(typed) ?? typed;
  const salted = SALTED.exec(stored);
  if (salted) return sameBytes(Buffer.from(salted[2], 'base64url'), saltedDigest(Buffer.from(salted[1], 'base64url'), canonical));
  if (/^[0-9a-f]{64}$/.test(stored)) return sameBytes(Buffer.from(stored, 'hex'), createHash('sha256').update(canonical).digest());
  return false;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
