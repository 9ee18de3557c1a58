import type Koa from 'koa';
import session from 'koa-session';
import type { Context, Next } from 'koa';
import { forgetSession, loadSession, storeSession, type SessionArea } from '../services/sessions.js';
import type { WebDeps } from './deps.js';
import type { SessionData } from './web-context.js';

/** Fields every stored session carries (ms since the epoch). */
export interface SessionTimes {
  createdAt: number;
  seenAt: number;
}

/** Idle and absolute limits of a kind of session, in seconds. */
export interface SessionLimits {
  idleSeconds: number;
  maxSeconds: number;
}

/** How the two kinds of session differ. */
export interface SessionKind {
  kind: SessionArea;
  cookieName: string;
  cookiePath: string;
  /** The field of the session data naming its owner: `accountId` or `adminId`. */
  ownerField: 'accountId' | 'adminId';
  limits(): Promise<SessionLimits>;
}

function expiry(data: Partial<SessionTimes>, limits: SessionLimits): number {
  const seen = data.seenAt ?? 0;
  const created = data.createdAt ?? 0;
  return Math.min(seen + limits.idleSeconds * 1000, created + limits.maxSeconds * 1000);
}

/** True when a session with these times is past its idle or absolute limit at `now`. */
export function sessionExpired(data: Partial<SessionTimes>, limits: SessionLimits, now: number): boolean {
  return typeof data.createdAt !== 'number' || expiry(data, limits) <= now;
}

/**
 * Mounts koa-session backed by the sessions table, then enforces the idle and absolute limits with
 * the injected clock. An anonymous request with no cookie never touches the database.
 */
export function mountSession(app: Koa, kind: SessionKind, deps: WebDeps): void {
  const store = {
    async get(sid: string, _maxAge: unknown, opts: { ctx: Context }) {
      const { data, ended } = await loadSession(deps.services, kind.kind, sid);
      // A session that ran out, or that an administrator ended, is removed now and the user told why.
      if (ended) {
        opts.ctx.state.sessionExpired = true;
        opts.ctx.state.sessionEndReason = ended;
      }
      return data ?? undefined;
    },
    async set(sid: string, raw: Record<string, unknown>, _maxAge: unknown, { ctx }: { ctx?: Context } = {}) {
      // Expiry is ours (idle and absolute limits on the injected clock), not koa-session's `_expire`.
      const data = Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('_')));
      // koa-session saves again at the end of a request that renewed its id; that row is already written.
      const written = `${sid}:${JSON.stringify(data)}`;
      if (ctx?.state.savedSession === written) return;
      if (ctx) ctx.state.savedSession = written;
      const limits = await kind.limits();
      const owner = typeof data[kind.ownerField] === 'number' ? (data[kind.ownerField] as number) : null;
      await storeSession(deps.services, {
        sid,
        kind: kind.kind,
        accountId: kind.ownerField === 'accountId' ? owner : null,
        adminId: kind.ownerField === 'adminId' ? owner : null,
        data,
        expiresAt: expiry(data as Partial<SessionTimes>, limits),
      });
    },
    async destroy(sid: string) {
      await forgetSession(deps.services, sid);
    },
  };
  const sessions = session(
    {
      key: kind.cookieName,
      path: kind.cookiePath,
      maxAge: 'session',
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      secure: deps.config.cookieSecure,
      store,
    } as Parameters<typeof session>[0],
    app,
  );
  app.use((ctx: Context, next: Next) => {
    // An anonymous page view has no session to load and must not write one: skip the store.
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && !ctx.get('cookie').includes(`${kind.cookieName}=`)) return next();
    return sessions(ctx, next);
  });
  app.use(async (ctx: Context, next: Next) => {
    const data = ctx.session;
    if (data && !data.isNew && typeof data.createdAt === 'number') {
      const limits = await kind.limits();
      const now = deps.clock.now();
      if (sessionExpired(data, limits, now)) {
        ctx.session = null;
        ctx.state.sessionExpired = true;
      } else if (now - (data.seenAt ?? 0) > Math.min(60_000, (limits.idleSeconds * 1000) / 4)) {
        // Touch the session now and then, not on every request, to keep writes rare.
        data.seenAt = now;
      }
    }
    await next();
  });
}

/**
 * Replaces the session's contents with `data` under a new id (login and every step up): the old id
 * stops working at once.
 */
export async function renewSession(ctx: Context, now: number, data: SessionData): Promise<void> {
  const current = ctx.session;
  if (!current) throw new Error('renewSession() on a session ended in this request');
  for (const key of Object.keys(current.toJSON())) Reflect.deleteProperty(current, key);
  Object.assign(current, data, { createdAt: data.createdAt ?? now, seenAt: now });
  await current.regenerate();
}

/** This request's session data; empty on a request that has none, so reads need no check. */
export function sessionData(ctx: Context): SessionData {
  return ctx.session ?? {};
}

/** The id of this request's session (kept when the owner's other sessions are signed out), if it has one. */
export function sessionIdOf(ctx: Context): string | undefined {
  return ctx.session?.externalKey;
}

/** Ends the session server-side and clears its cookie. */
export function endSession(ctx: Context): void {
  ctx.session = null;
}
