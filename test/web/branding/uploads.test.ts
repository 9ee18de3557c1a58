import test from 'ava';
import { findAsset, getBranding } from '../../../src/repos/branding.js';
import { startTestServer, type Browser, type Page, type TestServer } from '../../helpers/http.js';
import { signedInAdmin } from '../admin/helpers.js';
import { addDomain, formParts, multipartBody, pngClaiming, postMultipart, solidPng, tokenOf, type Part } from './fixtures.js';

// One server and one signed-in admin for the file; each test brands its own domain.
let server: TestServer;
let admin: Browser;
test.before(async () => {
  server = await startTestServer();
  admin = await signedInAdmin(server);
});
test.after.always(() => server.close());

const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

async function formOf(domain: string): Promise<{ path: string; form: Page; id: number }> {
  const target = await addDomain(server, domain);
  const path = `/admin/domains/${domain}/branding`;
  return { path, form: await admin.get(path), id: target.kind === 'domain' ? target.id : 0 };
}

const stored = (id: number) => getBranding(server.testDb.db, { kind: 'domain', id });

test('a PNG followed by HTML is saved as the image alone: the stored and served bytes hold no HTML', async (t) => {
  const { path, form, id } = await formOf('polyglot.test');
  const saved = await postMultipart(admin, path, [...formParts(form), { name: 'logoPublic', value: Buffer.concat([solidPng([9, 99, 9]), HTML]), filename: 'logo.png' }]);
  t.is(saved.status, 303);
  const hash = (await stored(id)).logoPublic!;
  const asset = await findAsset(server.testDb.db, hash);
  t.is(asset?.contentType, 'image/png');
  t.false(asset!.bytes.includes('<script'));
  const served = Buffer.from(await (await fetch(`${server.url}/branding/assets/${hash}.png`)).arrayBuffer());
  t.deepEqual(served, asset!.bytes);
});

test('a PNG signature followed by HTML, and a 30,000 × 30,000 header, are refused beside their fields; nothing is saved', async (t) => {
  const { path, form, id } = await formOf('hostile-images.test');
  const page = await postMultipart(admin, path, [
    ...formParts(form, { name: 'Kept Name' }),
    { name: 'logoPublic', value: Buffer.concat([solidPng([1, 1, 1]).subarray(0, 8), HTML]), filename: 'logo.png' },
    { name: 'logoPrivate', value: pngClaiming(30_000, 30_000), filename: 'bomb.png' },
  ]);
  t.is(page.status, 400);
  t.regex(page.$('#f-logoPublic-error').text(), /could not be read as a PNG image/);
  t.regex(page.$('#f-logoPrivate-error').text(), /30000 × 30000 pixels; at most 4,194,304 pixels/);
  t.is(page.$('#f-name').attr('value'), 'Kept Name');
  const after = await stored(id);
  t.deepEqual([after.name, after.logoPublic, after.logoPrivate], [null, null, null]);
});

test('a file over 256 KB answers 413 naming the field and the limit, keeping what was typed before it', async (t) => {
  const { path, form, id } = await formOf('oversized.test');
  const page = await postMultipart(admin, path, [
    ...formParts(form, { name: 'Typed Before' }),
    { name: 'logoPrivateMobile', value: Buffer.concat([solidPng([1, 1, 1]), Buffer.alloc(257 * 1024)]), filename: 'big.png' },
  ]);
  t.is(page.status, 413);
  t.is(page.$('.flash.error').text(), 'Logo for the private pages (Mobile WebMail): the file is larger than allowed (at most 256 KB). Nothing was saved.');
  t.regex(page.$('#f-logoPrivateMobile-error').text(), /larger than 256 KB/);
  t.is(page.$('#f-name').attr('value'), 'Typed Before');
  t.is((await stored(id)).name, null);
});

test('a form with too many fields answers 413 and saves nothing', async (t) => {
  const { path, form, id } = await formOf('many-fields.test');
  const extra: Part[] = Array.from({ length: 50 }, (_, i) => ({ name: `extra${i}`, value: 'x' }));
  const page = await postMultipart(admin, path, [...formParts(form, { name: 'Too Many' }), ...extra]);
  t.is(page.status, 413);
  t.regex(page.$('.flash.error').text(), /too many fields \(at most 40\)/);
  t.is((await stored(id)).name, null);
});

test('the CSRF token is taken from the first field of the body, never from the address', async (t) => {
  const { path, form, id } = await formOf('token.test');
  const token = tokenOf(form);
  const withoutToken = formParts(form, { name: 'From Query' }).filter((part) => part.name !== '_csrf');
  const inQuery = await postMultipart(admin, `${path}?_csrf=${encodeURIComponent(token)}`, withoutToken);
  t.is(inQuery.status, 403);
  const notFirst = await postMultipart(admin, path, [...withoutToken, { name: '_csrf', value: token }]);
  t.is(notFirst.status, 403, 'a token after the other fields is not read');
  const { body, contentType } = multipartBody([{ name: '_csrf', value: token }, { name: 'logoPublic', value: solidPng([1, 1, 1]), filename: 'a.png' }, ...withoutToken]);
  t.is((await postMultipart(admin, `${path}?_csrf=wrong`, { body, contentType })).status, 303, 'the token in the body is accepted');
  t.is((await stored(id)).name, 'From Query');
});

test('a form-encoded POST with its token only in the address is refused, in WebAdmin and WebMail', async (t) => {
  const domains = await admin.get('/admin/domains/new');
  const token = domains.$('main form input[name=_csrf]').attr('value')!;
  const refused = await admin.post(`/admin/domains/new?_csrf=${encodeURIComponent(token)}`, { name: 'query.test', postmasterPassword: 'Secret-123' });
  t.is(refused.status, 403);
  t.is((await admin.get('/admin/domains/query.test')).status, 404);
  t.is((await admin.post('/admin/domains/new', { _csrf: token, name: 'query.test', postmasterPassword: 'Secret-123' })).status, 303);
  const login = await admin.get('/login');
  const webmailToken = login.$('input[name=_csrf]').attr('value')!;
  t.is((await admin.post(`/login?_csrf=${encodeURIComponent(webmailToken)}`, { username: 'nobody@query.test', password: 'x' })).status, 403);
});
