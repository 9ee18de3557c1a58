import type { BrandView } from '../brand.js';
import { ADMIN_BRAND_NAME } from './strings.js';

/** WebAdmin's own branding: the product name, never a domain's; logos and colours stay the product's. */
export const ADMIN_BRAND: Readonly<Partial<BrandView>> = Object.freeze({ name: ADMIN_BRAND_NAME, domain: null });
