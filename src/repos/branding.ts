import type { Queryable } from './queryable.js';

/** The branding fields the server default and every domain carry; null means "inherit". */
export interface BrandingValues {
  name: string | null;
  /** Asset hashes (see branding_assets) of the logos and favicon. */
  logoPublic: string | null;
  logoPublicMobile: string | null;
  logoPrivate: string | null;
  logoPrivateMobile: string | null;
  favicon: string | null;
  /** `#rrggbb`. */
  accentColor: string | null;
  backgroundColor: string | null;
  welcomeText: string | null;
  helpUrl: string | null;
}

/** A branding field name. */
export type BrandingField = keyof BrandingValues;

/** Column of each field, in `server_settings` and `domains` alike. */
export const BRANDING_COLUMNS: Readonly<Record<BrandingField, string>> = Object.freeze({
  name: 'branding_name',
  logoPublic: 'logo_public',
  logoPublicMobile: 'logo_public_mobile',
  logoPrivate: 'logo_private',
  logoPrivateMobile: 'logo_private_mobile',
  favicon: 'favicon',
  accentColor: 'accent_color',
  backgroundColor: 'background_color',
  welcomeText: 'welcome_text',
  helpUrl: 'help_url',
});

const FIELDS = Object.keys(BRANDING_COLUMNS) as BrandingField[];

/** Branding with every field inherited. */
export function emptyBranding(): BrandingValues {
  return Object.fromEntries(FIELDS.map((field) => [field, null])) as Record<BrandingField, null>;
}

function toValues(row: Record<string, unknown> | undefined): BrandingValues {
  const values = emptyBranding();
  if (!row) return values;
  for (const field of FIELDS) {
    const value = row[BRANDING_COLUMNS[field]];
    values[field] = typeof value === 'string' && value !== '' ? value : null;
  }
  return values;
}

function toRow(patch: Partial<BrandingValues>): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  for (const field of FIELDS) if (patch[field] !== undefined) row[BRANDING_COLUMNS[field]] = patch[field] ?? null;
  return row;
}

/** Where branding is stored: the server default, or one domain by id. */
export type BrandingOwner = { kind: 'server' } | { kind: 'domain'; id: number };

function ownerQuery(q: Queryable, owner: BrandingOwner) {
  return owner.kind === 'server' ? q('server_settings').where({ id: 1 }) : q('domains').where({ id: owner.id });
}

/** The stored branding of the server default or of a domain (fields not set are null). */
export async function getBranding(q: Queryable, owner: BrandingOwner): Promise<BrandingValues> {
  return toValues(await ownerQuery(q, owner).first(Object.values(BRANDING_COLUMNS)));
}

/** The server default and a domain's branding in one query each, for resolving a page's brand. */
export async function getBrandingPair(q: Queryable, domainId: number | null): Promise<{ server: BrandingValues; domain: BrandingValues }> {
  const server = await getBranding(q, { kind: 'server' });
  const domain = domainId === null ? emptyBranding() : await getBranding(q, { kind: 'domain', id: domainId });
  return { server, domain };
}

/** Writes the given fields (null resets a field to inherit). */
export async function updateBranding(q: Queryable, owner: BrandingOwner, patch: Partial<BrandingValues>): Promise<void> {
  const row = toRow(patch);
  if (Object.keys(row).length > 0) await ownerQuery(q, owner).update(row);
}

/** One stored image. */
export interface BrandingAsset {
  hash: string;
  contentType: string;
  bytes: Buffer;
  size: number;
}

/** Stores an image under the hash of its content; storing the same content again changes nothing. */
export async function saveAsset(q: Queryable, asset: { hash: string; contentType: string; bytes: Buffer }, now: number): Promise<void> {
  await q('branding_assets')
    .insert({ hash: asset.hash, content_type: asset.contentType, bytes: asset.bytes, size: asset.bytes.length, created_at: now })
    .onConflict('hash')
    .ignore();
}

/** The image stored under `hash`, or null. */
export async function findAsset(q: Queryable, hash: string): Promise<BrandingAsset | null> {
  const row = await q('branding_assets').where({ hash }).first();
  if (!row) return null;
  return { hash: row.hash, contentType: row.content_type, bytes: Buffer.from(row.bytes), size: Number(row.size) };
}

/** Content types of the images stored under `hashes` (missing ones are left out). */
export async function assetTypes(q: Queryable, hashes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  const rows = await q('branding_assets').whereIn('hash', unique).select('hash', 'content_type');
  return new Map(rows.map((row) => [String(row.hash), String(row.content_type)]));
}
