import { IMAGE_KINDS, kindOfContentType } from '../core/image-type.js';
import { brandingLevels, imageTypes, IMAGE_FIELDS, PRODUCT_NAME, type BrandingLevels, type BrandingValues, type ImageField } from '../services/branding.js';
import type { ServiceContext } from '../services/context.js';

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
export function resolveBrand(values: BrandingLevels, domainName: string | null, types: Map<string, string>): BrandView {
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
export function imageHashes(values: BrandingLevels): string[] {
  return [values.server, values.domain].flatMap((v) => IMAGE_FIELDS.map((f) => v[f])).filter((h): h is string => h !== null);
}

async function loadBrand(ctx: ServiceContext, domain: { id: number; name: string } | null): Promise<BrandView> {
  const values = await brandingLevels(ctx, domain?.id ?? null);
  return resolveBrand(values, domain?.name ?? null, await imageTypes(ctx, imageHashes(values)));
}

// One cache per service context: the app's, which its branding screens invalidate.
const caches = new WeakMap<ServiceContext, Map<number, { at: number; view: Promise<BrandView> }>>();

/**
 * The branding of `domain` (null: the server default) as templates need it, cached for
 * BRAND_TTL_MS per domain, so a page view costs no query in the steady state.
 */
export async function brandFor(ctx: ServiceContext, domain: { id: number; name: string } | null): Promise<BrandView> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  const key = domain?.id ?? 0;
  const now = ctx.clock.now();
  const hit = cache.get(key);
  if (hit && now - hit.at <= BRAND_TTL_MS && now >= hit.at) return hit.view;
  const view = loadBrand(ctx, domain);
  cache.set(key, { at: now, view });
  view.then(
    (loaded) => lastKnown(ctx).set(key, loaded),
    () => cache.delete(key),
  );
  return view;
}

const lastKnownBrands = new WeakMap<ServiceContext, Map<number, BrandView>>();

function lastKnown(ctx: ServiceContext): Map<number, BrandView> {
  let known = lastKnownBrands.get(ctx);
  if (!known) lastKnownBrands.set(ctx, (known = new Map()));
  return known;
}

/**
 * The brand of the domain with id `domainId` (null: the server default) as last read through this
 * service context, however old; for pages shown while the database cannot be reached. Undefined
 * when it was never read.
 */
export function lastKnownBrand(ctx: ServiceContext, domainId: number | null): BrandView | undefined {
  return lastKnownBrands.get(ctx)?.get(domainId ?? 0);
}

/** Forgets the brands cached for this service context (after a save here), so the next page shows the change. */
export function invalidateBrands(ctx: ServiceContext): void {
  caches.delete(ctx);
}
