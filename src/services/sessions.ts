import { deleteSession, findSession, saveSession, takeEndedSession, type SessionEndReason, type SessionRow } from '../repos/sessions.js';
import type { ServiceContext } from './context.js';

/** A session as stored: its id, area, owner, data and expiry (ms since the epoch). */
export type StoredSession = SessionRow;

export type { SessionEndReason };

/** Which area a session belongs to: WebMail (with Mobile) or WebAdmin. */
export type SessionArea = SessionRow['kind'];

/**
 * The data of the live session `sid` of `area`, or null. `ended` says why a session that existed
 * ended since its last request (it ran out, or an administrator ended it); it is removed now, so the
 * user can be told why they must sign in again.
 */
export async function loadSession(ctx: ServiceContext, area: SessionArea, sid: string): Promise<{ data: Record<string, unknown> | null; ended: SessionEndReason | null }> {
  const now = ctx.clock.now();
  const row = await findSession(ctx.db, area, sid, now);
  if (row) return { data: row.data, ended: null };
  return { data: null, ended: await takeEndedSession(ctx.db, area, sid, now) };
}

/** Stores a session (inserted, or replaced under the same id). */
export function storeSession(ctx: ServiceContext, session: StoredSession): Promise<void> {
  return saveSession(ctx.db, session);
}

/** Removes the session `sid` (sign-out, or an id replaced at a step up). */
export function forgetSession(ctx: ServiceContext, sid: string): Promise<void> {
  return deleteSession(ctx.db, sid);
}
