import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hasControlCharacters } from './control-characters.js';
import type { NameCheck } from './names.js';

/** Letters in an app password: 16 lower-case letters, 26^16 ≈ 2^75 possibilities. */
export const APP_PASSWORD_LENGTH = 16;

/** Longest name of an app password ("Thunderbird on the laptop"), in characters. */
export const APP_PASSWORD_NAME_MAX = 64;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A new app password of 16 lower-case letters. Each letter is one uniform draw below 26 (Node's
 * `randomInt` rejects the draws that would favour some letters), never a byte modulo 26.
 */
export function newAppPassword(draw: (below: number) => number = randomInt): string {
  return Array.from({ length: APP_PASSWORD_LENGTH }, () => LETTERS[draw(LETTERS.length)]).join('');
}

/** The password as it is shown once: four groups of four letters, `abcd efgh ijkl mnop`. */
export function groupAppPassword(password: string): string {
  return password.replace(/(.{4})(?=.)/g, '$1 ');
}

/** What a mail client sent, as an app password (spaces dropped, lower case), or null when it cannot be one. */
export function normalizeAppPassword(input: string): string | null {
  const letters = input.replace(/ /g, '').toLowerCase();
  return letters.length === APP_PASSWORD_LENGTH && /^[a-z]+$/.test(letters) ? letters : null;
}

function digest(password: string, salt: Buffer): Buffer {
  return createHash('sha256').update(salt).update(password).digest();
}

/**
 * The stored form, `sha256$<salt>$<digest>` (base64url): a salted SHA-256. A slow hash adds nothing
 * to 75 random bits (no dictionary to try), and every mail sign-in pays for the check.
 */
export function hashAppPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return ['sha256', salt.toString('base64url'), digest(password, salt).toString('base64url')].join('$');
}

/** True when the canonical `password` matches `stored`; constant time, never throws on a bad hash. */
export function appPasswordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'sha256' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = digest(password, Buffer.from(salt, 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A name for an app password: 1 to 64 characters of one line, spaces around it dropped. */
export function checkAppPasswordName(raw: string): NameCheck {
  const value = raw.trim().replace(/\s+/g, ' ');
  if (!value) return { ok: false, message: 'Enter a name for the app password, for example "Thunderbird on the laptop".' };
  if (value.length > APP_PASSWORD_NAME_MAX || hasControlCharacters(value, 'line')) {
    return { ok: false, message: `The name must be one line of at most ${APP_PASSWORD_NAME_MAX} characters.` };
  }
  return { ok: true, value };
}

const PROTOCOLS: Record<string, string> = { imap: 'IMAP', pop3: 'POP3', submission: 'SMTP', smtp: 'SMTP', managesieve: 'ManageSieve' };

/** How screens name the protocol Dovecot reported (`imap` → IMAP, `submission` → SMTP). */
export function protocolLabel(service: string): string {
  return PROTOCOLS[service] ?? service.toUpperCase();
}
