import http from 'node:http';
import * as cheerio from 'cheerio';
import { PNG } from 'pngjs';
import type { Actor } from '../../../src/repos/audit.js';
import { cleanImage } from '../../../src/services/branding-images.js';
import { BRANDING_LIMITS, saveBranding, type BrandingInput, type BrandingTarget } from '../../../src/services/branding.js';
import { createDomain } from '../../../src/services/domains.js';
import { BRAND_TTL_MS } from '../../../src/web/brand.js';
import type { Browser, Page, TestServer } from '../../helpers/http.js';

/** The actor branding changes are made as in these tests. */
export const BRANDING_ADMIN: Actor = { kind: 'admin', name: 'admin', ip: '192.0.2.1' };

/** A real PNG of `size`×`size` pixels of one colour (`rgb` as [r, g, b]). */
export function solidPng(rgb: [number, number, number], size = 8): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small, valid PNG whose header claims `width`×`height` pixels (a decompression bomb's shape). */
export function pngClaiming(width: number, height: number): Buffer {
  const png = solidPng([1, 2, 3], 1);
  const ihdr = Buffer.from(png.subarray(8, 8 + 25));
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt32BE(crc32(ihdr.subarray(4, 21)), 21);
  return Buffer.concat([png.subarray(0, 8), ihdr, png.subarray(33)]);
}

/** The bytes the product stores for an accepted upload: the image re-encoded. */
export async function storedBytes(upload: Buffer, allowIcon = false): Promise<Buffer> {
  const cleaned = await cleanImage(upload, { bytes: BRANDING_LIMITS.imageBytes, pixels: BRANDING_LIMITS.imagePixels, storedBytes: BRANDING_LIMITS.storedImageBytes }, allowIcon);
  if (!cleaned.ok) throw new Error(cleaned.message);
  return cleaned.bytes;
}

/** A favicon in ICO format wrapping a PNG image. */
export function iconOf(png: Buffer): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(8, 6);
  header.writeUInt8(8, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

/** Creates a domain on a running test server; answers the branding target for it. */
export async function addDomain(server: TestServer, name: string): Promise<BrandingTarget> {
  const domain = await createDomain(server.app.deps.services, BRANDING_ADMIN, name, 'postmaster-pass-1');
  return { kind: 'domain', id: domain.id, name: domain.name };
}

/** Saves branding through the service, then moves the clock past every cache so pages show it. */
export async function brand(server: TestServer, target: BrandingTarget, input: Partial<BrandingInput>): Promise<void> {
  await saveBranding(server.app.deps.services, BRANDING_ADMIN, target, { texts: {}, uploads: {}, kept: {}, reset: new Set(), ...input });
  server.clock.advance(BRAND_TTL_MS + 1000);
}

/** GETs `path` with a Host header of `host` (fetch cannot set one), as a browser at that name would. */
export function getByHost(server: TestServer, host: string, path: string): Promise<{ status: number; text: string; $: cheerio.CheerioAPI }> {
  return new Promise((resolve, reject) => {
    http
      .get(server.url + path, { headers: { host } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, text, $: cheerio.load(text) });
        });
      })
      .on('error', reject);
  });
}

/** One part of a multipart body: a text field, or a file with its name. */
export type Part = { name: string; value: string | Buffer; filename?: string };

/** A multipart/form-data body with its content type. */
export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----twostep${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename !== undefined ? `; filename="${part.filename}"\r\nContent-Type: application/octet-stream` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts `parts` as multipart/form-data to `path` with the browser's cookies; answers the parsed page. */
export async function postMultipart(browser: Browser, path: string, parts: Part[] | { body: Buffer; contentType: string }): Promise<Page> {
  const { body, contentType } = Array.isArray(parts) ? multipartBody(parts) : parts;
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(browser.base + path, { method: 'POST', headers: { cookie, 'content-type': contentType }, body, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, $: cheerio.load(text), location: response.headers.get('location'), setCookies: response.headers.getSetCookie() };
}

/** The branding form of a page as parts, its CSRF token first: its text fields as shown, plus `changes`; files are added by the caller. */
export function formParts(page: Page, changes: Record<string, string> = {}): Part[] {
  const values: Record<string, string> = {};
  page.$('#branding-form input[type=text], #branding-form input[type=hidden]').each((_, el) => {
    values[page.$(el).attr('name')!] = page.$(el).attr('value') ?? '';
  });
  page.$('#branding-form textarea').each((_, el) => {
    values[page.$(el).attr('name')!] = page.$(el).text();
  });
  return Object.entries({ ...values, intent: 'save', ...changes }).map(([name, value]) => ({ name, value }));
}

/** The form's action. */
export function actionOf(page: Page): string {
  return page.$('#branding-form').attr('action')!;
}

/** The CSRF token of the branding form (its first field). */
export function tokenOf(page: Page): string {
  return page.$('#branding-form input[name=_csrf]').attr('value')!;
}
