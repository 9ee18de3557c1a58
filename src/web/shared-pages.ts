import { SplicedGzip } from './spliced-gzip.js';

/** Stands in for the CSRF token in a stored page; each request puts its own token in its place. */
const TOKEN_SLOT = 'csrf-token-slot-7f3a9c';
/** Most variants kept per owner (variants come from a few known values, so this only bounds mistakes). */
const MAX_VARIANTS = 64;

/** A stored page: its HTML with the slot, and its gzip pieces once a visitor accepted gzip. */
interface StoredPage {
  html: string;
  gzip?: SplicedGzip;
}

const pages = new WeakMap<object, Map<string, StoredPage>>();

/**
 * A page that is the same for every anonymous visitor but for its CSRF token, such as the login
 * page. `owner` is an object whose lifetime bounds the stored page (the BrandView in force: a
 * branding change brings a new one); `variant` must name everything else that differs between
 * visitors (query notices, the chosen domain, the path).
 */
export interface SharedPage {
  owner: object;
  variant: string;
}

function stored(page: SharedPage, render: (tokenSlot: string) => string): StoredPage {
  let variants = pages.get(page.owner);
  if (!variants) pages.set(page.owner, (variants = new Map()));
  let found = variants.get(page.variant);
  if (found === undefined) {
    found = { html: render(TOKEN_SLOT) };
    if (variants.size >= MAX_VARIANTS) variants.clear();
    variants.set(page.variant, found);
  }
  return found;
}

/** The page's HTML with `token` in it: rendered once per owner and variant, then reused. */
export function sharedPageHtml(page: SharedPage, token: string, render: (tokenSlot: string) => string): string {
  return stored(page, render).html.replaceAll(TOKEN_SLOT, token);
}

/** The page gzip-compressed with `token` in it: compressed once per owner and variant, the token spliced in. */
export function sharedPageGzip(page: SharedPage, token: string, render: (tokenSlot: string) => string): Buffer {
  const found = stored(page, render);
  found.gzip ??= new SplicedGzip(found.html, TOKEN_SLOT);
  return found.gzip.with(token);
}
