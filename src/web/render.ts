import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Context } from 'koa';
import { PUBLIC_DIR, VIEWS_DIR } from '../paths.js';
import type { UrlBuilder } from './urls.js';

/** Renders templates with autoescaping; the one place that knows about nunjucks. */
export interface Views {
  /** Renders `template` with `model` to a string. */
  render(template: string, model: Record<string, unknown>): string;
  /** The nunjucks environment (for loaders that override templates per domain). */
  env: nunjucks.Environment;
}

/** Content hashes of the files under public/, for cache-busting URLs. */
export function publicAssetVersions(): Map<string, string> {
  const versions = new Map<string, string>();
  for (const file of fs.readdirSync(PUBLIC_DIR)) {
    const full = path.join(PUBLIC_DIR, file);
    if (fs.statSync(full).isFile()) {
      versions.set(file, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 12));
    }
  }
  return versions;
}

/** The template environment over views/, with `url` and `asset` helpers and a date filter. */
export function createViews(url: UrlBuilder, hasRoute: (name: string) => boolean, opts: { cache: boolean } = { cache: true }): Views {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: !opts.cache }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const versions = publicAssetVersions();
  env.addGlobal('url', url);
  env.addGlobal('hasRoute', hasRoute);
  env.addGlobal('asset', (file: string) => `/static/${file}?v=${versions.get(file) ?? '0'}`);
  env.addFilter('datetime', (ms: number | null | undefined) =>
    ms === null || ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  );
  return {
    env,
    render: (template, model) => env.render(template, model),
  };
}

/** Sends an HTML page rendered from `template`, with a status (200 unless told). */
export function sendPage(ctx: Context, views: Views, template: string, model: Record<string, unknown>, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = views.render(template, { ...ctx.state.viewBase, ...model });
}
