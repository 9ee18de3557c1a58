import type { Context, Next } from 'koa';

/**
 * The entry of a comma-separated X-Forwarded-* header that the outermost of `hops` trusted proxies
 * wrote: each proxy appends what it saw, so that one is `hops` from the right, and anything left
 * of it came from the client. With fewer entries than hops, the leftmost (the header is one hop short).
 */
export function trustedEntry(header: string, hops: number): string {
  const entries = header.split(',').map((entry) => entry.trim());
  return entries[Math.max(0, entries.length - hops)];
}

// Koa reads the first entry of these; the client address (X-Forwarded-For) Koa takes by maxIpsCount.
const SINGLE_VALUE_HEADERS = ['x-forwarded-proto', 'x-forwarded-host'] as const;

/**
 * Behind `hops` trusted proxies, cuts X-Forwarded-Proto and X-Forwarded-Host down to the entry the
 * proxies vouch for, so that a client cannot make a plain request count as HTTPS, or choose the
 * host name, by sending the header itself. Must come before anything reads the protocol or host.
 */
export function trustedForwardedHeaders(hops: number) {
  return async (ctx: Context, next: Next) => {
    for (const name of SINGLE_VALUE_HEADERS) {
      const value = ctx.req.headers[name];
      if (typeof value === 'string' && value.includes(',')) ctx.req.headers[name] = trustedEntry(value, hops);
    }
    await next();
  };
}
