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

/** Deletes session `sid` of `kind` if it is expired at `now`; answers whether it did (the session existed and ran out). */
export async function deleteExpiredSession(q: Queryable, kind: SessionRow['kind'], sid: string, now: number): Promise<boolean> {
  return (await q('sessions').where({ sid, kind }).where('expires_at', '<=', now).delete()) > 0;
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

/** Removes expired sessions; answers how many. */
export async function purgeExpiredSessions(q: Queryable, now: number): Promise<number> {
  return q('sessions').where('expires_at', '<=', now).delete();
}
