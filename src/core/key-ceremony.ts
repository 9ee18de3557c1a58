/** How long a security-key request (its challenge) may be answered, in ms. */
export const KEY_CEREMONY_TTL_MS = 2 * 60 * 1000;

/** Where a security-key request runs: the relying party (the WebMail host name) and the page's origin. */
export interface KeyPlace {
  /** The WebMail host name the page is served under (no port). */
  rpId: string;
  /** `https://mail.example.com` (scheme, host and port of the page). */
  origin: string;
  /** The product name the browser shows. */
  rpName: string;
}

/** A security-key request waiting for its answer: kept on the session, used once. */
export interface PendingKeyCeremony {
  purpose: 'register' | 'signin';
  subject: { kind: 'account' | 'admin'; id: number };
  challenge: string;
  rpId: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** The pending request if it is for `purpose` and `subject` and not expired at `now`, else null. */
export function liveCeremony(value: unknown, purpose: PendingKeyCeremony['purpose'], subject: PendingKeyCeremony['subject'], now: number): PendingKeyCeremony | null {
  if (!value || typeof value !== 'object') return null;
  const pending = value as Partial<PendingKeyCeremony>;
  if (pending.purpose !== purpose || typeof pending.challenge !== 'string' || typeof pending.rpId !== 'string' || typeof pending.expiresAt !== 'number') return null;
  if (pending.subject?.kind !== subject.kind || pending.subject.id !== subject.id || pending.expiresAt <= now) return null;
  return pending as PendingKeyCeremony;
}

/** The sign counter of an assertion after a stored one: refused when neither is 0 and it did not move on (a cloned key). */
export function counterMovedOn(stored: number, received: number): boolean {
  return (stored === 0 && received === 0) || received > stored;
}
