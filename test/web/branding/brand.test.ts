import test from 'ava';
import { emptyBranding, type BrandingValues } from '../../../src/repos/branding.js';
import { saveBranding } from '../../../src/services/branding.js';
import { createDomain } from '../../../src/services/domains.js';
import { BRAND_TTL_MS, brandFor, invalidateBrands, resolveBrand, themeKey } from '../../../src/web/brand.js';
import { openServices, TEST_ADMIN } from '../../helpers/services.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const TYPES = new Map([
  [A, 'image/png'],
  [B, 'image/webp'],
]);

function values(partial: Partial<BrandingValues>): BrandingValues {
  return { ...emptyBranding(), ...partial };
}

const cases: [string, Partial<BrandingValues>, Partial<BrandingValues>, Record<string, string | null>][] = [
  ['nothing set: the product name and no images', {}, {}, { name: 'Twostep', logoUrl: null, themeUrl: null, faviconUrl: null }],
  ['the server default applies', { name: 'Corp', logoPublic: A }, {}, { name: 'Corp', logoUrl: `/branding/assets/${A}.png` }],
  ['the domain wins field by field', { name: 'Corp', logoPublic: A, welcomeText: 'Hi' }, { name: 'Acme' }, { name: 'Acme', logoUrl: `/branding/assets/${A}.png`, welcomeText: 'Hi' }],
  ['a mobile logo falls back to the standard one', { logoPublic: A, logoPrivate: B }, {}, { mobileLogoUrl: `/branding/assets/${A}.png`, privateMobileLogoUrl: `/branding/assets/${B}.webp` }],
  ['a mobile logo of its own', { logoPublic: A }, { logoPublicMobile: B }, { mobileLogoUrl: `/branding/assets/${B}.webp` }],
  ['colours mix across levels', { accentColor: '#112233' }, { backgroundColor: '#445566' }, { themeUrl: '/branding/theme/112233-445566.css' }],
  ['an image whose file is gone is not linked', { logoPublic: 'c'.repeat(64) }, {}, { logoUrl: null }],
];
for (const [title, server, domain, expected] of cases) {
  test(`resolveBrand: ${title}`, (t) => {
    const view = resolveBrand({ server: values(server), domain: values(domain) }, 'acme.test', TYPES);
    for (const [key, value] of Object.entries(expected)) t.is(view[key as keyof typeof view], value, key);
    t.true(Object.isFrozen(view));
  });
}

test('themeKey names the colours, null when neither is set', (t) => {
  t.is(themeKey(null, null), null);
  t.is(themeKey('#1f5fbf', null), '1f5fbf-none');
  t.is(themeKey(null, '#ffffff'), 'none-ffffff');
});

test('brandFor is cached for a few seconds per domain and service context, and dropped by invalidateBrands', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'acme.test', 'postmaster-pass');
    t.is((await brandFor(ctx, domain)).name, 'Twostep');
    await saveBranding(ctx, TEST_ADMIN, { kind: 'domain', id: domain.id, name: domain.name }, { texts: { name: 'Acme' }, uploads: {}, kept: {}, reset: new Set() });
    t.is((await brandFor(ctx, domain)).name, 'Twostep', 'cached');
    t.is((await brandFor({ ...ctx }, domain)).name, 'Acme', 'another service context has a cache of its own');
    t.is((await brandFor(ctx, null)).name, 'Twostep', 'the server default is cached apart');
    invalidateBrands(ctx);
    t.is((await brandFor(ctx, domain)).name, 'Acme');
    await saveBranding(ctx, TEST_ADMIN, { kind: 'domain', id: domain.id, name: domain.name }, { texts: { name: 'Acme 2' }, uploads: {}, kept: {}, reset: new Set() });
    clock.advance(BRAND_TTL_MS + 1);
    t.is((await brandFor(ctx, domain)).name, 'Acme 2', 'expired after the TTL');
  } finally {
    await testDb.destroy();
  }
});
