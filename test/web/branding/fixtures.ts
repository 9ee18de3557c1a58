import { PNG } from 'pngjs';
import type { Actor } from '../../../src/repos/audit.js';
import { saveBranding, type BrandingInput, type BrandingTarget } from '../../../src/services/branding.js';
import { createDomain } from '../../../src/services/domains.js';
import { BRAND_TTL_MS } from '../../../src/web/brand.js';
import type { TestServer } from '../../helpers/http.js';

/** The actor branding changes are made as in these tests. */
export const BRANDING_ADMIN: Actor = { kind: 'admin', name: 'admin', ip: '192.0.2.1' };

/** A real PNG of `size`×`size` pixels of one colour (`rgb` as [r, g, b]). */
export function solidPng(rgb: [number, number, number], size = 8): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
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
