import { createHash, randomBytes } from 'node:crypto';
import { MAX_SETTING_DAYS } from './dates.js';

/** Longest description kept of a browser ("Firefox on Linux"). */
export const BROWSER_DESCRIPTION_MAX = 100;

/** Why a value of "Allow trusting a browser for N days" is refused, in words. */
export const TRUST_DAYS_PROBLEM = `Enter a whole number of days from 0 (never trust a browser) to ${MAX_SETTING_DAYS}.`;

/** A new trust token: 32 random bytes, base64url (43 characters); only its hash is stored. */
export function newTrustToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `value` has the shape of a trust token (so nothing else reaches the database). */
export function isTrustTokenShape(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * The stored form of a token: its SHA-256 in hex. No salt or slow hash is needed for 256 random
 * bits, and the hash is what the lookup finds; someone who reads it still cannot make the cookie.
 */
export function hashTrustToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bCriOS\/|\bChrome\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** A short description of the browser a User-Agent names ("Firefox on Linux"), for lists and notices. */
export function describeBrowser(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return 'An unknown browser';
}

/**
 * When a trust made at `createdAt` ends under the setting `days` in force now: its own expiry, or
 * sooner when the setting was lowered since (0 ends it at once).
 */
export function trustEndsAt(createdAt: number, expiresAt: number, days: number): number {
  return Math.min(expiresAt, createdAt + days * 86_400_000);
}
