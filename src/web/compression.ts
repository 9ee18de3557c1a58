import zlib from 'node:zlib';
import type { Context, Next } from 'koa';

/** A content coding the server sends. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** Bodies smaller than this many bytes go uncompressed: with their headers they fit one packet anyway. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(?:text\/|image\/svg\+xml|application\/(?:json|xml))/;

// Quality 4 is brotli's fast setting (smaller than gzip at about its speed); a page costs tens of µs.
const PAGE_BROTLI = { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 };
const PAGE_GZIP = { level: 6 };

/**
 * The coding to answer with for an `Accept-Encoding` header: the first of `offered` (brotli, then
 * gzip) that is accepted, else none. A coding listed with `q=0` is refused; `*` stands for any
 * coding not listed.
 */
export function chooseEncoding(header: string | undefined, offered: readonly Exclude<Encoding, 'identity'>[] = ['br', 'gzip']): Encoding {
  if (!header) return 'identity';
  const q: Record<string, number> = {};
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q[name.trim()] = weight ? Number(weight.slice(2)) || 0 : 1;
  }
  const accepted = (coding: string) => (q[coding] ?? q['*'] ?? 0) > 0;
  return offered.find(accepted) ?? 'identity';
}

/** `body` in `encoding`; `best` spends more time for fewer bytes (for files compressed once). */
export function encodeBody(body: Buffer, encoding: Exclude<Encoding, 'identity'>, best = false): Buffer {
  if (encoding === 'br') {
    const quality = best ? zlib.constants.BROTLI_MAX_QUALITY : PAGE_BROTLI[zlib.constants.BROTLI_PARAM_QUALITY];
    return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  }
  return zlib.gzipSync(body, best ? { level: zlib.constants.Z_BEST_COMPRESSION } : PAGE_GZIP);
}

/**
 * Compresses text answers (pages, stylesheets) of at least MIN_COMPRESS_BYTES in one synchronous
 * call, brotli else gzip. An answer that already has a Content-Encoding (a file compressed once at
 * start) is left as it is.
 */
export async function compressResponses(ctx: Context, next: Next): Promise<void> {
  await next();
  const body = ctx.body;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return;
  if (ctx.method === 'HEAD' || ctx.response.get('Content-Encoding') || !COMPRESSIBLE.test(ctx.response.type)) return;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.length < MIN_COMPRESS_BYTES) return;
  ctx.vary('Accept-Encoding');
  const encoding = chooseEncoding(ctx.get('Accept-Encoding'));
  if (encoding === 'identity') return;
  ctx.body = encodeBody(bytes, encoding);
  ctx.set('Content-Encoding', encoding);
}
