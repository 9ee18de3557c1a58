import type { Queryable } from './queryable.js';

/** A stored session row; `data` is the session object koa-session keeps. */
export interface SessionRow {
  sid: string;
  kind: 'webmail' | 'admin';
  accountId: number | null;
  adminId: number | null;
  data: Record<string, unknown>;
  expiresAt: number;
}

/** The live session `sid` of `kind`, or null when missing or expired at `now`. */
export async function findSession(q: Queryable, kind: SessionRow['kind'], sid: string, now: number): Promise<SessionRow | null> {
  const row = await q('sessions').where({ sid, kind }).where('expires_at', '>', now).first();
  if (!row) return null;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(row.data);
  } catch {
    return null;
  }
  return { sid: row.sid, kind: row.kind, accountId: row.account_id, adminId: row.admin_id, data, expiresAt: Number(row.expires_at) };
}

/** Why a session ended: it ran out, or an administrator ended it (see endAccountSessions). */
export type SessionEndReason = 'expired' | 'key_reset' | 'revoked';

/**
 * Deletes session `sid` of `kind` if it is expired at `now`; answers why it ended, or null when
 * there was no such session.
 */
export async function takeEndedSession(q: Queryable, kind: SessionRow['kind'], sid: string, now: number): Promise<SessionEndReason | null> {
  const row = await q('sessions').where({ sid, kind }).where('expires_at', '<=', now).first('end_reason');
  if (!row) return null;
  await q('sessions').where({ sid, kind }).delete();
  return row.end_reason === 'key_reset' || row.end_reason === 'revoked' ? row.end_reason : 'expired';
}

/** Inserts or replaces a session. */
export async function saveSession(q: Queryable, session: SessionRow): Promise<void> {
  await q('sessions')
    .insert({
      sid: session.sid,
      kind: session.kind,
      account_id: session.accountId,
      admin_id: session.adminId,
      data: JSON.stringify(session.data),
      expires_at: session.expiresAt,
    })
    .onConflict('sid')
    .merge(['account_id', 'admin_id', 'data', 'expires_at']);
}

/** Deletes one session. */
export async function deleteSession(q: Queryable, sid: string): Promise<void> {
  await q('sessions').where({ sid }).delete();
}

/** Deletes every session of an account except `keepSid` (signs its other browsers out). */
export async function deleteAccountSessions(q: Queryable, accountId: number, keepSid?: string): Promise<number> {
  let rows = q('sessions').where({ account_id: accountId });
  if (keepSid) rows = rows.whereNot({ sid: keepSid });
  return rows.delete();
}

/** Deletes every session of an admin except `keepSid`. */
export async function deleteAdminSessions(q: Queryable, adminId: number, keepSid?: string): Promise<number> {
  let rows = q('sessions').where({ admin_id: adminId });
  if (keepSid) rows = rows.whereNot({ sid: keepSid });
  return rows.delete();
}

/**
 * Ends every session of an account (or, with `kind` admin, of an admin) except `keepSid` at once,
 * for `reason`: the rows are emptied and expired, so none can be used again, and the owner's next
 * request learns why.
 */
export async function endSessions(q: Queryable, owner: { kind: 'account' | 'admin'; id: number }, reason: Exclude<SessionEndReason, 'expired'>, now: number, keepSid?: string): Promise<number> {
  let rows = q('sessions').where({ [owner.kind === 'account' ? 'account_id' : 'admin_id']: owner.id }).where('expires_at', '>', now);
  if (keepSid) rows = rows.whereNot({ sid: keepSid });
  return rows.update({ data: '{}', expires_at: now, end_reason: reason });
}

/** Removes expired sessions; answers how many. */
export async function purgeExpiredSessions(q: Queryable, now: number): Promise<number> {
  return q('sessions').where('expires_at', '<=', now).delete();
}
