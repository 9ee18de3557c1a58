import { createGuardrails, generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** Seconds in one TOTP step (RFC 6238). */
export const STEP_SECONDS = 30;

// A provisioned 16-character key is 10 bytes, below otplib's default minimum of 16.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** Outcome of checking a code; `step` is the matched time step, `drift` its offset from now in steps. */
export type CodeCheck =
  | { ok: true; step: number; drift: number }
  | { ok: false; reason: 'malformed' | 'wrong' }
  | { ok: false; reason: 'replayed'; step: number };

/** A new random base32 secret of 20 bytes (32 characters). */
export function newSecret(): string {
  return generateSecret({ length: 20 });
}

/** The time step containing `nowMs`. */
export function stepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/** The 6-digit code of `secret` at `nowMs`. */
export function codeAt(secret: string, nowMs: number): string {
  return generateSync({ secret, epoch: Math.floor(nowMs / 1000), guardrails });
}

/** True when `code` is six ASCII digits and nothing else. */
export function isWellFormedCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/**
 * Checks `code` against `secret` at `nowMs`, accepting ±1 step, and refusing any step at or
 * before `lastStep` (replay protection). Never throws on bad input.
 */
export function checkCode(secret: string, code: string, nowMs: number, lastStep: number | null): CodeCheck {
  if (!isWellFormedCode(code)) return { ok: false, reason: 'malformed' };
  const epoch = Math.floor(nowMs / 1000);
  const result = verifySync({ secret, token: code, epoch, epochTolerance: STEP_SECONDS, guardrails });
  if (!result.valid) return { ok: false, reason: 'wrong' };
  const step = stepAt(nowMs) + result.delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed', step };
  return { ok: true, step, drift: result.delta };
}

/** The otpauth:// URI an authenticator app pairs from; the issuer is the domain's branding name. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}
