/** Stands in for the CSRF token in a stored page; each request puts its own token in its place. */
const TOKEN_SLOT = 'csrf-token-slot-7f3a9c';
/** Most variants kept per owner (variants come from a few known values, so this only bounds mistakes). */
const MAX_VARIANTS = 64;

const pages = new WeakMap<object, Map<string, string>>();

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

/** The page's HTML with `token` in it: rendered once per owner and variant, then reused. */
export function sharedPageHtml(page: SharedPage, token: string, render: (tokenSlot: string) => string): string {
  let variants = pages.get(page.owner);
  if (!variants) pages.set(page.owner, (variants = new Map()));
  let html = variants.get(page.variant);
  if (html === undefined) {
    html = render(TOKEN_SLOT);
    if (variants.size >= MAX_VARIANTS) variants.clear();
    variants.set(page.variant, html);
  }
  return html.replaceAll(TOKEN_SLOT, token);
}
