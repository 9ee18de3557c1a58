import type { Queryable } from '../repos/queryable.js';
import { brandingNameFor } from '../repos/branding-names.js';

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

/** The branding of `domainId` (null: the server default) as templates need it. */
export async function brandFor(q: Queryable, domain: { id: number; name: string } | null): Promise<BrandView> {
  return {
    name: await brandingNameFor(q, domain?.id ?? null),
    domain: domain?.name ?? null,
    logoUrl: null,
    mobileLogoUrl: null,
    privateLogoUrl: null,
    privateMobileLogoUrl: null,
    faviconUrl: null,
    themeUrl: null,
    welcomeText: null,
    helpUrl: null,
  };
}
