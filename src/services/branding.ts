import { createHash } from 'node:crypto';
import { IMAGE_KINDS, kindOfContentType } from '../core/image-type.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import {
  assetTypes,
  emptyBranding,
  findAsset,
  getBranding,
  getBrandingPair,
  saveAsset,
  updateBranding,
  type BrandingAsset,
  type BrandingField,
  type BrandingOwner,
  type BrandingValues,
} from '../repos/branding.js';
import type { Queryable } from '../repos/queryable.js';
import { cleanImage, type ImageLimits } from './branding-images.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

export type { BrandingAsset, BrandingField, BrandingValues };

/** The product name when neither a domain nor the server default names one. */
export const PRODUCT_NAME = 'Twostep';

/** The stored branding of a domain (null: none) and of the server default, as pages resolve it field by field. */
export interface BrandingLevels {
  server: BrandingValues;
  domain: BrandingValues;
}

/** brandingNameFor, read inside the caller's transaction `q`. */
export async function brandingNameWithin(q: Queryable, domainId: number | null): Promise<string> {
  const values = await getBrandingPair(q, domainId);
  return values.domain.name ?? values.server.name ?? PRODUCT_NAME;
}

/** The product name users of a domain see (page titles, notices, the authenticator issuer): the domain's branding name, else the server default's, else the product's. */
export function brandingNameFor(ctx: ServiceContext, domainId: number | null): Promise<string> {
  return brandingNameWithin(ctx.db, domainId);
}

/** The stored branding of a domain (null: the server default alone) and of the server default. */
export function brandingLevels(ctx: ServiceContext, domainId: number | null): Promise<BrandingLevels> {
  return getBrandingPair(ctx.db, domainId);
}

/** The content type of each stored image among `hashes` (images not stored are left out). */
export function imageTypes(ctx: ServiceContext, hashes: string[]): Promise<Map<string, string>> {
  return assetTypes(ctx.db, hashes);
}

/** A stored branding image by its content hash, or null. */
export function findBrandingImage(ctx: ServiceContext, hash: string): Promise<BrandingAsset | null> {
  return findAsset(ctx.db, hash);
}

/** Limits of the branding fields: characters for texts; bytes uploaded, pixels decoded and bytes kept for images. */
export const BRANDING_LIMITS = Object.freeze({ name: 100, welcomeText: 1000, helpUrl: 500, imageBytes: 256 * 1024, imagePixels: 2048 * 2048, storedImageBytes: 1024 * 1024 });

const IMAGE_LIMITS: ImageLimits = { bytes: BRANDING_LIMITS.imageBytes, pixels: BRANDING_LIMITS.imagePixels, storedBytes: BRANDING_LIMITS.storedImageBytes };

/** The fields typed as text, and the images, in the order the screen shows them. */
export const TEXT_FIELDS = ['name', 'welcomeText', 'helpUrl', 'accentColor', 'backgroundColor'] as const;
export const IMAGE_FIELDS = ['logoPublic', 'logoPublicMobile', 'logoPrivate', 'logoPrivateMobile', 'favicon'] as const;

/** A branding field typed as text. */
export type TextField = (typeof TEXT_FIELDS)[number];
/** A branding image field. */
export type ImageField = (typeof IMAGE_FIELDS)[number];

/** Which branding is being edited: the server default, or a domain by id and name. */
export type BrandingTarget = { kind: 'server' } | { kind: 'domain'; id: number; name: string };

// Line breaks, tabs and other control characters have no place in a one-line text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_BUT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The branding name as stored: trimmed, null for "inherit" when empty. Plain text of at most 100
 * characters on one line, without a colon (authenticator apps split "issuer:account" on it).
 */
export function checkBrandingName(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return null;
  if (value.length > BRANDING_LIMITS.name) throw new ServiceError('invalid', `The branding name must have at most ${BRANDING_LIMITS.name} characters.`, 'name');
  if (CONTROL.test(value)) throw new ServiceError('invalid', 'The branding name must be one line of text.', 'name');
  if (value.includes(':')) throw new ServiceError('invalid', 'The branding name cannot contain a colon: authenticator apps use it to separate the name from the account.', 'name');
  return value;
}

/** A colour as stored: `#rrggbb` in lower case, or null when empty. */
export function checkColor(raw: string, field: 'accentColor' | 'backgroundColor'): string | null {
  const value = raw.trim();
  if (value === '') return null;
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) throw new ServiceError('invalid', 'Enter a colour as # followed by six hexadecimal digits, for example #1f5fbf.', field);
  return value.toLowerCase();
}

/** The help link as stored: an absolute http(s) URL without credentials, or null when empty. */
export function checkHelpUrl(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return null;
  const refuse = () => new ServiceError('invalid', 'Enter a web address starting with https:// or http://.', 'helpUrl');
  if (value.length > BRANDING_LIMITS.helpUrl) throw new ServiceError('invalid', `The help link must have at most ${BRANDING_LIMITS.helpUrl} characters.`, 'helpUrl');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse();
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || CONTROL.test(value)) throw refuse();
  return url.href;
}

/** The login welcome text as stored: plain text of at most 1,000 characters, line breaks kept. */
export function checkWelcomeText(raw: string): string | null {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (value === '') return null;
  if (value.length > BRANDING_LIMITS.welcomeText) throw new ServiceError('invalid', `The welcome text must have at most ${BRANDING_LIMITS.welcomeText} characters.`, 'welcomeText');
  if (CONTROL_BUT_LINES.test(value)) throw new ServiceError('invalid', 'The welcome text must be plain text.', 'welcomeText');
  return value;
}

const TEXT_CHECKS: Record<TextField, (raw: string) => string | null> = {
  name: checkBrandingName,
  welcomeText: checkWelcomeText,
  helpUrl: checkHelpUrl,
  accentColor: (raw) => checkColor(raw, 'accentColor'),
  backgroundColor: (raw) => checkColor(raw, 'backgroundColor'),
};

/** What the branding form sent. Texts left out are kept as they are; an empty text inherits. */
export interface BrandingInput {
  texts: Partial<Record<TextField, string>>;
  /** Newly uploaded image files. */
  uploads: Partial<Record<ImageField, Buffer>>;
  /** Hashes of images uploaded earlier (for a preview) and not yet saved. */
  kept: Partial<Record<ImageField, string>>;
  /** Fields to set back to inheriting. */
  reset: ReadonlySet<BrandingField>;
}

/** A checked input: the fields to write, the images to store (re-encoded), and the problems by field. */
export interface CheckedBranding {
  patch: Partial<BrandingValues>;
  assets: { hash: string; contentType: string; bytes: Buffer }[];
  errors: Partial<Record<BrandingField, string>>;
}

/** The content hash that names a stored image. */
export function assetHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checks every field of `input`, collecting one message per field at fault; nothing is written. */
export async function checkBranding(ctx: ServiceContext, input: BrandingInput): Promise<CheckedBranding> {
  const result: CheckedBranding = { patch: {}, assets: [], errors: {} };
  for (const field of TEXT_FIELDS) {
    const raw = input.texts[field];
    if (input.reset.has(field)) result.patch[field] = null;
    else if (raw !== undefined) {
      try {
        result.patch[field] = TEXT_CHECKS[field](raw);
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        result.errors[field] = err.message;
      }
    }
  }
  const keptTypes = await assetTypes(ctx.db, Object.values(input.kept).filter((hash): hash is string => /^[0-9a-f]{64}$/.test(hash ?? '')));
  for (const field of IMAGE_FIELDS) {
    const allowIcon = field === 'favicon';
    const upload = input.uploads[field];
    const kept = input.kept[field];
    if (input.reset.has(field)) result.patch[field] = null;
    else if (upload) {
      const cleaned = await cleanImage(upload, IMAGE_LIMITS, allowIcon);
      if (!cleaned.ok) result.errors[field] = cleaned.message;
      else {
        const hash = assetHash(cleaned.bytes);
        result.assets.push({ hash, contentType: IMAGE_KINDS[cleaned.kind].contentType, bytes: cleaned.bytes });
        result.patch[field] = hash;
      }
    } else if (kept) {
      const kind = kindOfContentType(keptTypes.get(kept) ?? '');
      if (kind === null || (kind === 'ico' && !allowIcon)) result.errors[field] = 'The image sent earlier is no longer available. Choose the file again.';
      else result.patch[field] = kept;
    }
  }
  return result;
}

/**
 * Stores the images of a checked input without assigning them, so a preview can show them. They
 * are addressed by content, so storing them is harmless and a later save finds them.
 */
export async function storePreviewAssets(ctx: ServiceContext, checked: CheckedBranding): Promise<void> {
  const now = ctx.clock.now();
  for (const asset of checked.assets) await saveAsset(ctx.db, asset, now);
}

function describeChange(patch: Partial<BrandingValues>): string {
  return Object.entries(patch)
    .map(([field, value]) => {
      const shown = value === null ? '(default)' : (IMAGE_FIELDS as readonly string[]).includes(field) ? 'new image' : value;
      return `${field}: ${String(shown).slice(0, 120)}`;
    })
    .join('; ');
}

function ownerOf(target: BrandingTarget): BrandingOwner {
  return target.kind === 'server' ? { kind: 'server' } : { kind: 'domain', id: target.id };
}

/**
 * Saves the branding of the server default or a domain in one transaction with its images and an
 * audit record. Refuses (and writes nothing) when any field is at fault; answers the stored values.
 */
export async function saveBranding(ctx: ServiceContext, actor: Actor, target: BrandingTarget, input: BrandingInput): Promise<BrandingValues> {
  const checked = await checkBranding(ctx, input);
  const [field, message] = Object.entries(checked.errors)[0] ?? [];
  if (field && message) throw new ServiceError('invalid', message, field);
  const owner = ownerOf(target);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    for (const asset of checked.assets) await saveAsset(trx, asset, now);
    const before = await getBranding(trx, owner);
    const changed = Object.fromEntries(
      Object.entries(checked.patch).filter(([key, value]) => before[key as BrandingField] !== value),
    ) as Partial<BrandingValues>;
    if (Object.keys(changed).length === 0) return;
    await updateBranding(trx, owner, changed);
    const domain = target.kind === 'domain' ? target.name : null;
    await recordAudit(trx, { actor, domain, event: 'branding.changed', detail: `${domain ? '' : 'server default: '}${describeChange(changed)}` }, now);
  });
  return getBranding(ctx.db, owner);
}

/** The stored branding of the server default or a domain. */
export function loadBranding(ctx: ServiceContext, target: BrandingTarget): Promise<BrandingValues> {
  return getBranding(ctx.db, ownerOf(target));
}

/** The stored values of the target and what its empty fields fall back to (nothing, for the server default). */
export async function editedBranding(ctx: ServiceContext, target: BrandingTarget): Promise<{ own: BrandingValues; inherited: BrandingValues }> {
  const own = await loadBranding(ctx, target);
  const inherited = target.kind === 'server' ? emptyBranding() : await loadBranding(ctx, { kind: 'server' });
  return { own, inherited };
}

/** The levels pages would resolve if `proposed` were saved as the target's branding over `inherited`. */
export function proposedLevels(target: BrandingTarget, proposed: BrandingValues, inherited: BrandingValues): BrandingLevels {
  return target.kind === 'server' ? { server: proposed, domain: emptyBranding() } : { server: inherited, domain: proposed };
}
