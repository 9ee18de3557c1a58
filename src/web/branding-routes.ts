import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { findBrandingImage } from '../services/branding.js';
import { assetUrl, BRANDING_PATHS } from './brand.js';
import type { WebDeps } from './deps.js';

/** Cache lifetime of content-addressed responses: a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const HEX = /^[0-9a-f]{6}$/;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** White or near-black, whichever reads better on the colour `hex` (six hex digits, WCAG contrast). */
export function readableInk(hex: string): string {
  const l = luminance(hex);
  return (1.05) / (l + 0.05) >= (l + 0.05) / (luminance('1c2430') + 0.05) ? '#fff' : '#1c2430';
}

/**
 * The theme stylesheet for a theme key (`<accent>-<background>`, each six lower-case hex digits or
 * `none`), scoped to `selector`; null when the key is not one. Only validated digits reach the CSS.
 */
export function themeCss(key: string, selector: string): string | null {
  const [accent, background, extra] = key.split('-');
  if (extra !== undefined || !accent || !background) return null;
  const ok = (part: string) => part === 'none' || HEX.test(part);
  if (!ok(accent) || !ok(background) || (accent === 'none' && background === 'none')) return null;
  const rules: string[] = [];
  if (accent !== 'none') rules.push(`--accent:#${accent}`, `--accent-ink:${readableInk(accent)}`);
  if (background !== 'none') rules.push(`--bg:#${background}`);
  return `${selector}{${rules.join(';')}}\n`;
}

function sendImmutable(ctx: Context, etag: string, type: string, body: Buffer | string): void {
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', IMMUTABLE);
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (ctx.get('If-None-Match') === etag) {
    ctx.status = 304;
    return;
  }
  ctx.type = type;
  ctx.body = body;
}

function theme(selector: string) {
  return (ctx: Context) => {
    const css = themeCss(String(ctx.params.key), selector);
    if (css === null) return;
    sendImmutable(ctx, `"${createHash('sha256').update(css).digest('base64url').slice(0, 22)}"`, 'text/css; charset=utf-8', css);
  };
}

/**
 * Branding images by content hash and the generated colour stylesheets: served with their type,
 * `nosniff`, an ETag and a year of caching, since a change always makes a new URL.
 */
export function brandingRoutes(deps: WebDeps): Router {
  const router = new Router();
  router.get('brandingAsset', `${BRANDING_PATHS.assets}:file`, async (ctx) => {
    const match = /^([0-9a-f]{64})\.([a-z]{3,4})$/.exec(String(ctx.params.file));
    if (!match) return;
    const asset = await findBrandingImage(deps.services, match[1]);
    // The extension must be the one of the stored type, so one image has exactly one URL.
    if (!asset || assetUrl(asset.hash, asset.contentType) !== ctx.path) return;
    ctx.set('Content-Disposition', 'inline');
    sendImmutable(ctx, `"${asset.hash}"`, asset.contentType, asset.bytes);
  });
  router.get('brandingPreviewTheme', `${BRANDING_PATHS.previewTheme}:key.css`, theme('.brand-preview'));
  router.get('brandingTheme', `${BRANDING_PATHS.theme}:key.css`, theme(':root'));
  return router;
}
