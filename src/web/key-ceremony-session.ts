import type { Context } from 'koa';
import { liveCeremony, type KeyPlace, type PendingKeyCeremony } from '../core/key-ceremony.js';
import { sessionData } from './session.js';

/**
 * Where this request's security-key request runs: the relying party id is the host name the page was
 * asked for (the domain's WebMail host name; a key works only under the host it was added on), the
 * origin the page's own (scheme, host and port, as a trusted proxy reports them).
 */
export function keyPlace(ctx: Context, rpName: string): KeyPlace {
  return { rpId: ctx.hostname, origin: `${ctx.protocol}://${ctx.host}`, rpName };
}

/** Keeps a new security-key request on the session, replacing any earlier one. */
export function keepCeremony(ctx: Context, pending: PendingKeyCeremony): void {
  sessionData(ctx).keyCeremony = pending;
}

/**
 * Takes the session's security-key request off it (so it is answered once, whatever the outcome)
 * and answers it when it is for `purpose` and `subject` and not expired, else null.
 */
export function takeCeremony(ctx: Context, purpose: PendingKeyCeremony['purpose'], subject: PendingKeyCeremony['subject'], now: number): PendingKeyCeremony | null {
  const data = sessionData(ctx);
  const pending = liveCeremony(data.keyCeremony, purpose, subject, now);
  delete data.keyCeremony;
  return pending;
}

/** Answers a security-key script's request with JSON (never cached). */
export function sendKeyJson(ctx: Context, status: number, body: Record<string, unknown>): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}
