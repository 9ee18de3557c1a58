import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { IMAGE_KINDS, kindOfContentType } from '../core/image-type.js';
import { assetTypes, getBrandingPair, type BrandingValues } from '../repos/branding.js';
import type { Queryable } from '../repos/queryable.js';
import { IMAGE_FIELDS, PRODUCT_NAME, type ImageField } from '../services/branding.js';

/** What templates know of the branding in force for a page (a domain's, or the server default). */
export interface BrandView {
  /** The product name shown in titles and used as the authenticator issuer. */
  name: string;
  /** The domain the page is branded for, or null for the server default. */
  domain: string | null;
  /** Logo of the public pages (login, challenge), standard and mobile; null shows the name. */
  logoUrl: string | null;
  mobileLogoUrl: string | null;
  /** Logo of the signed-in pages, standard and mobile. */
  privateLogoUrl: string | null;
  privateMobileLogoUrl: string | null;
  faviconUrl: string | null;
  /** A generated stylesheet with the accent and background colours, or null for the product's own. */
  themeUrl: string | null;
  /** Plain text shown on the login page. */
  welcomeText: string | null;
  /** An http(s) link to help, or null. */
  helpUrl: string | null;
}

/** Where every branding image and colour sheet is served (by the WebMail app, so WebAdmin previews can use them too). */
export const BRANDING_PREFIX = '/branding/';
/** Where asset and theme URLs live, below BRANDING_PREFIX. */
export const BRANDING_PATHS = { assets: `${BRANDING_PREFIX}assets/`, theme: `${BRANDING_PREFIX}theme/`, previewTheme: `${BRANDING_PREFIX}theme/preview/` } as const;

/** How long a resolved brand is reused, in ms; other instances see a change within this time. */
export const BRAND_TTL_MS = 5000;

/** The URL of a stored image: its content hash and the extension of its type. */
export function assetUrl(hash: string, contentType: string): string | null {
  const kind = kindOfContentType(contentType);
  return kind ? `${BRANDING_PATHS.assets}${hash}.${IMAGE_KINDS[kind].ext}` : null;
}

/**
 * The name of the theme stylesheet for two validated colours: the colours themselves (without
 * `#`, `none` when not set), so the URL changes whenever they do. Null when neither is set.
 */
export function themeKey(accent: string | null, background: string | null): string | null {
  if (!accent && !background) return null;
  return `${accent ? accent.slice(1) : 'none'}-${background ? background.slice(1) : 'none'}`;
}

/**
 * The brand of a page from the stored values, field by field: the domain's value, else the server
 * default's, else the product's own. `types` gives the content type of each image hash.
 */
export function resolveBrand(values: { server: BrandingValues; domain: BrandingValues }, domainName: string | null, types: Map<string, string>): BrandView {
  const pick = <K extends keyof BrandingValues>(field: K): BrandingValues[K] => values.domain[field] ?? values.server[field];
  const image = (field: ImageField): string | null => {
    const hash = pick(field);
    const type = hash ? types.get(hash) : undefined;
    return hash && type ? assetUrl(hash, type) : null;
  };
  const key = themeKey(pick('accentColor'), pick('backgroundColor'));
  const logoUrl = image('logoPublic');
  const privateLogoUrl = image('logoPrivate');
  return Object.freeze({
    name: pick('name') ?? PRODUCT_NAME,
    domain: domainName,
    logoUrl,
    // A mobile logo not given falls back to the standard one of the same kind of page.
    mobileLogoUrl: image('logoPublicMobile') ?? logoUrl,
    privateLogoUrl,
    privateMobileLogoUrl: image('logoPrivateMobile') ?? privateLogoUrl,
    faviconUrl: image('favicon'),
    themeUrl: key ? `${BRANDING_PATHS.theme}${key}.css` : null,
    welcomeText: pick('welcomeText'),
    helpUrl: pick('helpUrl'),
  });
}

/** Hashes of every image either level names. */
export function imageHashes(values: { server: BrandingValues; domain: BrandingValues }): string[] {
  return [values.server, values.domain].flatMap((v) => IMAGE_FIELDS.map((f) => v[f])).filter((h): h is string => h !== null);
}

async function loadBrand(q: Queryable, domain: { id: number; name: string } | null): Promise<BrandView> {
  const values = await getBrandingPair(q, domain?.id ?? null);
  return resolveBrand(values, domain?.name ?? null, await assetTypes(q, imageHashes(values)));
}

/** A database with its clock: brands read through it are cached for BRAND_TTL_MS. */
export interface BrandSource {
  db: Knex;
  clock: Clock;
}

const caches = new WeakMap<object, Map<number, { at: number; view: Promise<BrandView> }>>();

/**
 * The branding of `domain` (null: the server default) as templates need it. Given the app's
 * `{ db, clock }` the answer is cached briefly per domain, so a page view costs no query in the
 * steady state; given a bare query runner (a transaction) it is read afresh.
 */
export async function brandFor(source: Queryable | BrandSource, domain: { id: number; name: string } | null): Promise<BrandView> {
  if (typeof source === 'function') return loadBrand(source, domain);
  let cache = caches.get(source.db);
  if (!cache) caches.set(source.db, (cache = new Map()));
  const key = domain?.id ?? 0;
  const now = source.clock.now();
  const hit = cache.get(key);
  if (hit && now - hit.at <= BRAND_TTL_MS && now >= hit.at) return hit.view;
  const view = loadBrand(source.db, domain);
  cache.set(key, { at: now, view });
  view.then(
    (loaded) => lastKnown(source.db).set(key, loaded),
    () => cache.delete(key),
  );
  return view;
}

const lastKnownBrands = new WeakMap<object, Map<number, BrandView>>();

function lastKnown(db: Knex): Map<number, BrandView> {
  let known = lastKnownBrands.get(db);
  if (!known) lastKnownBrands.set(db, (known = new Map()));
  return known;
}

/**
 * The brand of the domain with id `domainId` (null: the server default) as last read from this
 * database, however old; for pages shown while the database cannot be reached. Undefined when
 * it was never read.
 */
export function lastKnownBrand(db: Knex, domainId: number | null): BrandView | undefined {
  return lastKnownBrands.get(db)?.get(domainId ?? 0);
}

/** Forgets cached brands of this database (after a save here), so the next page shows the change. */
export function invalidateBrands(db: Knex): void {
  caches.delete(db);
}
