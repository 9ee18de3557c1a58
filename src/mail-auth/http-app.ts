import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa, { type Context, type Next } from 'koa';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { checkMailSignIn, mailAccountAddress } from '../services/mail-auth.js';

/** Largest lookup body accepted, in bytes: a login, a password and a few short fields. */
export const LOOKUP_LIMIT = 4096;

/** True when `given` equals `expected`, compared in constant time whatever their lengths. */
export function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/** A refused lookup: its status and one line for Dovecot's log. */
class LookupRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function field(body: Record<string, unknown>, name: string, pattern: RegExp, optional = false): string {
  const value = body[name];
  if (value === undefined && optional) return '';
  if (typeof value !== 'string' || !pattern.test(value)) throw new LookupRefusal(400, `missing or malformed field ${name}`);
  return value;
}

/** A login: an address of at most 320 characters, no control characters or spaces. */
const LOGIN = /^[^\x00-\x20\x7f]{1,320}$/;
/** A password: at most 1,024 characters (Twostep's own are at most 256), no line breaks. */
const PASSWORD = /^[^\r\n\x00]{0,1024}$/;
const SERVICE = /^[a-z0-9-]{1,32}$/;
const FLAG = /^[01]$/;

function remoteIp(body: Record<string, unknown>): string | null {
  const value = field(body, 'remote_ip', /^[0-9a-fA-F.:]{0,45}$/, true);
  if (value === '') return null;
  if (net.isIP(value) === 0) throw new LookupRefusal(400, 'malformed field remote_ip');
  return value;
}

function answer(ctx: Context, lines: Record<string, string>): void {
  ctx.type = 'text/plain';
  ctx.body = Object.entries(lines)
    .map(([key, value]) => `${key}=${value.replace(/[\r\n]+/g, ' ')}\n`)
    .join('');
}

/**
 * The endpoint Dovecot's Lua passdb and userdb ask (MAIL_AUTH_PORT): its own Koa app on its own
 * listener, never mounted in WebMail or WebAdmin. Every request needs `Authorization: Bearer
 * <MAIL_AUTH_TOKEN>`; a malformed or oversized lookup is refused with a 4xx; a failure of Twostep
 * itself (the database) answers 503, which Dovecot turns into a temporary failure.
 */
export function createMailAuthApp(services: ServiceContext, token: string, logger: Logger): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (err) {
      const status = err instanceof LookupRefusal ? err.status : (err as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = err instanceof LookupRefusal ? err.message : 'refused';
        return;
      }
      logger.error('Mail lookup failed', err);
      ctx.status = 503;
      ctx.body = 'temporarily unavailable';
    }
  });
  app.use(async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization');
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!sameToken(given, token)) throw new LookupRefusal(401, 'a valid token is required');
    if (ctx.method !== 'POST') throw new LookupRefusal(405, 'POST only');
    await next();
  });
  app.use(bodyParser({ enableTypes: ['form'], formLimit: `${LOOKUP_LIMIT}b`, encoding: 'utf-8' }));
  app.use(async (ctx: Context) => {
    if (!ctx.is('application/x-www-form-urlencoded')) throw new LookupRefusal(415, 'a form body is required');
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (ctx.path === '/dovecot/passdb') {
      const decided = await checkMailSignIn(services, {
        user: field(body, 'user', LOGIN),
        password: field(body, 'password', PASSWORD),
        service: field(body, 'service', SERVICE),
        ip: remoteIp(body),
        master: field(body, 'master', FLAG) === '1',
      });
      answer(ctx, decided);
      return;
    }
    if (ctx.path === '/dovecot/userdb') {
      field(body, 'service', SERVICE);
      const address = await mailAccountAddress(services, field(body, 'user', LOGIN));
      answer(ctx, address ? { result: 'ok', user: address } : { result: 'unknown' });
      return;
    }
    throw new LookupRefusal(404, 'no such lookup');
  });
  return app;
}
