import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import { PUBLIC_DIR } from '../paths.js';
import { chooseEncoding, encodeBody, MIN_COMPRESS_BYTES, type Encoding } from './compression.js';
import { staticSources } from './script-files.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

interface StaticFile {
  type: string;
  etag: string;
  /** The file as it is, and its text files compressed once, at start, at the best setting. */
  bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer };
}

/**
 * Serves public/ (and the VENDOR_FILES) under /static from memory, with ETags; versioned URLs (`?v=`) are cached for a
 * year. Text files are sent brotli- or gzip-compressed as the browser accepts, compressed once.
 */
export function staticFiles(prefix = '/static/') {
  const files = new Map<string, StaticFile>();
  const sources = staticSources(PUBLIC_DIR);
  for (const [name, full] of sources) {
    const type = TYPES[path.extname(name)];
    if (!type || !fs.statSync(full).isFile()) continue;
    const body = fs.readFileSync(full);
    const compressible = type.startsWith('text/') || type.startsWith('image/svg') || type === 'image/x-icon';
    const bodies: StaticFile['bodies'] = { identity: body };
    if (compressible && body.length >= MIN_COMPRESS_BYTES) {
      bodies.br = encodeBody(body, 'br', true);
      bodies.gzip = encodeBody(body, 'gzip', true);
    }
    files.set(name, { bodies, type, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith(prefix) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const file = files.get(ctx.path.slice(prefix.length));
    if (!file) return next();
    const encoding = file.bodies.br ? chooseEncoding(ctx.get('Accept-Encoding')) : 'identity';
    // Each coding is its own representation, so it gets its own tag.
    const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding}"`;
    if (file.bodies.br) ctx.vary('Accept-Encoding');
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', ctx.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = file.type;
    if (encoding !== 'identity') ctx.set('Content-Encoding', encoding);
    ctx.body = file.bodies[encoding];
  };
}
