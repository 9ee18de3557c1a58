import test from 'ava';
import { listAudit } from '../../src/repos/audit.js';
import { findAsset, getBranding } from '../../src/repos/branding.js';
import {
  assetHash,
  brandingNameFor,
  checkBranding,
  checkBrandingName,
  checkColor,
  checkHelpUrl,
  checkWelcomeText,
  saveBranding,
  storePreviewAssets,
  type BrandingInput,
  type BrandingTarget,
} from '../../src/services/branding.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';
import { iconOf, solidPng, storedBytes } from '../web/branding/fixtures.js';

const PNG = solidPng([10, 20, 30]);
const ICO = iconOf(solidPng([30, 20, 10]));
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

function input(partial: Partial<BrandingInput>): BrandingInput {
  return { texts: {}, uploads: {}, kept: {}, reset: new Set(), ...partial };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof ServiceError) return err.message;
    throw err;
  }
  return 'accepted';
}

const names: [string, string | null | RegExp][] = [
  ['  Acme Mail  ', 'Acme Mail'],
  ['', null],
  ['   ', null],
  ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ['x'.repeat(100), 'x'.repeat(100)],
  ['x'.repeat(101), /at most 100 characters/],
  ['Acme\nMail', /one line/],
  ['Acme: Mail', /colon/],
];
for (const [raw, expected] of names) {
  test(`branding name ${JSON.stringify(raw.slice(0, 30))} (${raw.length})`, (t) => {
    if (expected instanceof RegExp) t.regex(refusal(() => checkBrandingName(raw)), expected);
    else t.is(checkBrandingName(raw), expected);
  });
}

const colors: [string, string | null | RegExp][] = [
  ['#1F5FBF', '#1f5fbf'],
  [' #000000 ', '#000000'],
  ['', null],
  ['red', /six hexadecimal digits/],
  ['red;background:url(x)', /six hexadecimal digits/],
  ['#1f5fbf;background:url(x)', /six hexadecimal digits/],
  ['#fff', /six hexadecimal digits/],
  ['#1f5fbg', /six hexadecimal digits/],
];
for (const [raw, expected] of colors) {
  test(`colour ${JSON.stringify(raw)}`, (t) => {
    if (expected instanceof RegExp) t.regex(refusal(() => checkColor(raw, 'accentColor')), expected);
    else t.is(checkColor(raw, 'accentColor'), expected);
  });
}

const links: [string, string | null | RegExp][] = [
  ['https://help.example.com/2sv', 'https://help.example.com/2sv'],
  ['http://help.example.com', 'http://help.example.com/'],
  ['', null],
  ['javascript:alert(1)', /https:\/\//],
  [' JavaScript:alert(1)', /https:\/\//],
  ['data:text/html,<script>alert(1)</script>', /https:\/\//],
  ['//evil.example.com', /https:\/\//],
  ['help.example.com', /https:\/\//],
  ['https://user:pass@example.com/', /https:\/\//],
  [`https://example.com/${'a'.repeat(500)}`, /at most 500 characters/],
];
for (const [raw, expected] of links) {
  test(`help link ${JSON.stringify(raw.slice(0, 40))}`, (t) => {
    if (expected instanceof RegExp) t.regex(refusal(() => checkHelpUrl(raw)), expected);
    else t.is(checkHelpUrl(raw), expected);
  });
}

const welcomes: [string, string | null | RegExp][] = [
  ['Welcome to Acme.\r\nUse your Acme address.', 'Welcome to Acme.\nUse your Acme address.'],
  ['"><img src=x onerror=alert(1)>', '"><img src=x onerror=alert(1)>'],
  ['', null],
  ['w'.repeat(1001), /at most 1000 characters/],
  ['bell\u0007', /plain text/],
];
for (const [raw, expected] of welcomes) {
  test(`welcome text ${JSON.stringify(raw.slice(0, 30))}`, (t) => {
    if (expected instanceof RegExp) t.regex(refusal(() => checkWelcomeText(raw)), expected);
    else t.is(checkWelcomeText(raw), expected);
  });
}

test('saving a domain branding writes every field in one go, with its images and an audit record', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'acme.test', 'postmaster-pass');
    const target: BrandingTarget = { kind: 'domain', id: domain.id, name: domain.name };
    const saved = await saveBranding(ctx, TEST_ADMIN, target, input({
      texts: { name: 'Acme Mail', accentColor: '#AA0000', backgroundColor: '', welcomeText: 'Hello', helpUrl: 'https://help.acme.test/' },
      uploads: { logoPublic: PNG, favicon: ICO },
    }));
    t.is(saved.name, 'Acme Mail');
    t.is(saved.accentColor, '#aa0000');
    t.is(saved.backgroundColor, null);
    const [png, ico] = [assetHash(await storedBytes(PNG)), assetHash(await storedBytes(ICO, true))];
    t.is(saved.logoPublic, png);
    t.is(saved.favicon, ico);
    t.is((await findAsset(ctx.db, png))?.contentType, 'image/png');
    t.is((await findAsset(ctx.db, ico))?.contentType, 'image/x-icon');
    t.is(await brandingNameFor(ctx, domain.id), 'Acme Mail');
    const audit = await listAudit(ctx.db, { event: 'branding.changed', limit: 10 });
    t.is(audit.length, 1);
    t.is(audit[0].domain, 'acme.test');
    t.regex(audit[0].detail ?? '', /name: Acme Mail/);
  } finally {
    await testDb.destroy();
  }
});

test('a refused field writes nothing at all, not even the valid fields', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'acme.test', 'postmaster-pass');
    const target: BrandingTarget = { kind: 'domain', id: domain.id, name: domain.name };
    const error = await t.throwsAsync(
      saveBranding(ctx, TEST_ADMIN, target, input({ texts: { name: 'Acme', helpUrl: 'javascript:alert(1)' }, uploads: { logoPublic: PNG } })),
      { instanceOf: ServiceError },
    );
    t.is(error?.field, 'helpUrl');
    t.is((await getBranding(ctx.db, { kind: 'domain', id: domain.id })).name, null);
    t.is(await findAsset(ctx.db, assetHash(await storedBytes(PNG))), null);
    t.is((await listAudit(ctx.db, { event: 'branding.changed', limit: 10 })).length, 0);
  } finally {
    await testDb.destroy();
  }
});

test('checkBranding reports every field at fault, and refuses SVG and oversized images', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const checked = await checkBranding(ctx, input({
      texts: { name: 'a:b', accentColor: 'red;background:url(x)', helpUrl: 'javascript:alert(1)' },
      uploads: { logoPublic: SVG, logoPrivate: Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), logoPublicMobile: ICO, favicon: SVG },
    }));
    t.deepEqual(Object.keys(checked.errors).sort(), ['accentColor', 'favicon', 'helpUrl', 'logoPrivate', 'logoPublic', 'logoPublicMobile', 'name']);
    t.regex(checked.errors.logoPublic!, /SVG/);
    t.regex(checked.errors.logoPrivate!, /256 KB/);
    t.regex(checked.errors.logoPublicMobile!, /PNG, JPEG or WebP/);
    t.deepEqual(checked.assets, []);
  } finally {
    await testDb.destroy();
  }
});

test('an image stored for a preview can be saved later by its hash; an unknown or unfit hash is refused', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const preview = await checkBranding(ctx, input({ uploads: { logoPublic: PNG, favicon: ICO } }));
    await storePreviewAssets(ctx, preview);
    const [png, ico] = [assetHash(await storedBytes(PNG)), assetHash(await storedBytes(ICO, true))];
    const saved = await saveBranding(ctx, TEST_ADMIN, { kind: 'server' }, input({ kept: { logoPublic: png } }));
    t.is(saved.logoPublic, png);
    const refused = await checkBranding(ctx, input({ kept: { logoPrivate: 'f'.repeat(64), logoPublicMobile: ico, logoPrivateMobile: '../../etc/passwd' } }));
    t.regex(refused.errors.logoPrivate!, /no longer available/);
    t.regex(refused.errors.logoPublicMobile!, /no longer available/);
    t.regex(refused.errors.logoPrivateMobile!, /no longer available/);
  } finally {
    await testDb.destroy();
  }
});

test('reset to default clears a field; saving the same values again records nothing', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    await saveBranding(ctx, TEST_ADMIN, { kind: 'server' }, input({ texts: { name: 'Corp', accentColor: '#123456' }, uploads: { logoPublic: PNG } }));
    await saveBranding(ctx, TEST_ADMIN, { kind: 'server' }, input({ texts: { name: 'Corp', accentColor: '#123456' } }));
    t.is((await listAudit(ctx.db, { event: 'branding.changed', limit: 10 })).length, 1);
    const reset = await saveBranding(ctx, TEST_ADMIN, { kind: 'server' }, input({ texts: { name: 'Corp', accentColor: '#123456' }, reset: new Set(['accentColor', 'logoPublic'] as const) }));
    t.is(reset.accentColor, null);
    t.is(reset.logoPublic, null);
    t.is(reset.name, 'Corp');
    const audit = await listAudit(ctx.db, { event: 'branding.changed', limit: 10 });
    t.is(audit.length, 2);
    t.is(audit[0].domain, null);
    t.regex(audit[0].detail ?? '', /server default: .*accentColor: \(default\)/);
  } finally {
    await testDb.destroy();
  }
});

test('the CLI path (applyDomainChanges setBrandingName) uses the same rule as the screen', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    await createDomain(ctx, TEST_ADMIN, 'acme.test', 'postmaster-pass');
    await t.throwsAsync(applyDomainChanges(ctx, TEST_ADMIN, 'acme.test', [{ op: 'setBrandingName', value: 'x'.repeat(101) }]), { message: /at most 100/ });
    await t.throwsAsync(applyDomainChanges(ctx, TEST_ADMIN, 'acme.test', [{ op: 'setBrandingName', value: 'Acme: Mail' }]), { message: /colon/ });
    const domain = await applyDomainChanges(ctx, TEST_ADMIN, 'acme.test', [{ op: 'setBrandingName', value: '  Acme Mail ' }]);
    t.is(domain.brandingName, 'Acme Mail');
    t.is((await getBranding(ctx.db, { kind: 'domain', id: domain.id })).name, 'Acme Mail');
  } finally {
    await testDb.destroy();
  }
});
