import test from 'ava';
import { readableInk, themeCss } from '../../../src/web/branding-routes.js';
import { Browser, startTestServer } from '../../helpers/http.js';
import { addDomain, brand, iconOf, solidPng, storedBytes } from './fixtures.js';

test('logo and favicon are served with their type, nosniff, an ETag and a year of caching; 304 when unchanged', async (t) => {
  const server = await startTestServer();
  try {
    const target = await addDomain(server, 'acme.test');
    const logo = solidPng([200, 0, 0]);
    const icon = iconOf(solidPng([0, 0, 200]));
    await brand(server, target, { uploads: { logoPublic: logo, favicon: icon } });
    const browser = new Browser(server.url);
    const page = await browser.get('/login?domain=acme.test');
    const logoUrl = page.$('.brand img').attr('src')!;
    const iconUrl = page.$('link[rel=icon]').attr('href')!;
    t.regex(logoUrl, /^\/branding\/assets\/[0-9a-f]{64}\.png$/);
    t.regex(iconUrl, /^\/branding\/assets\/[0-9a-f]{64}\.ico$/);
    for (const [url, type, bytes] of [[logoUrl, 'image/png', await storedBytes(logo)], [iconUrl, 'image/x-icon', await storedBytes(icon, true)]] as const) {
      const response = await fetch(server.url + url);
      t.is(response.status, 200);
      t.is(response.headers.get('content-type'), type);
      t.is(response.headers.get('x-content-type-options'), 'nosniff');
      t.is(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      t.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
      const etag = response.headers.get('etag')!;
      t.truthy(etag);
      const again = await fetch(server.url + url, { headers: { 'if-none-match': etag } });
      t.is(again.status, 304);
    }
  } finally {
    await server.close();
  }
});

test('a changed logo gets a new URL and the old one still serves the old image', async (t) => {
  const server = await startTestServer();
  try {
    const target = await addDomain(server, 'acme.test');
    const first = solidPng([200, 0, 0]);
    await brand(server, target, { uploads: { logoPublic: first } });
    const browser = new Browser(server.url);
    const before = (await browser.get('/login?domain=acme.test')).$('.brand img').attr('src')!;
    await brand(server, target, { uploads: { logoPublic: solidPng([0, 200, 0]) } });
    const after = (await browser.get('/login?domain=acme.test')).$('.brand img').attr('src')!;
    t.not(after, before);
    t.deepEqual(Buffer.from(await (await fetch(server.url + before)).arrayBuffer()), await storedBytes(first));
  } finally {
    await server.close();
  }
});

test('unknown, malformed or mistyped asset URLs are 404 pages', async (t) => {
  const server = await startTestServer();
  try {
    const target = await addDomain(server, 'acme.test');
    await brand(server, target, { uploads: { logoPublic: solidPng([1, 2, 3]) } });
    const browser = new Browser(server.url);
    const logoUrl = (await browser.get('/login?domain=acme.test')).$('.brand img').attr('src')!;
    for (const path of [
      logoUrl.replace('.png', '.jpg'),
      logoUrl.replace('.png', '.svg'),
      `/branding/assets/${'0'.repeat(64)}.png`,
      '/branding/assets/..%2f..%2fpackage.json',
      '/branding/assets/x.png',
      '/branding/theme/red;background:url(x)-none.css',
      '/branding/theme/none-none.css',
      '/branding/theme/12345g-none.css',
      '/branding/theme/123456-none-x.css',
    ]) {
      const page = await browser.get(path);
      t.is(page.status, 404, path);
    }
  } finally {
    await server.close();
  }
});

test('the theme stylesheet carries only the validated colours and a readable ink, and is cached for good', async (t) => {
  const server = await startTestServer();
  try {
    const target = await addDomain(server, 'acme.test');
    await brand(server, target, { texts: { accentColor: '#FFDD00', backgroundColor: '#102030' } });
    const browser = new Browser(server.url);
    const page = await browser.get('/login?domain=acme.test');
    const themeUrl = page.$('link[rel=stylesheet]').eq(1).attr('href')!;
    t.is(themeUrl, '/branding/theme/ffdd00-102030.css');
    const css = await browser.get(themeUrl);
    t.is(css.status, 200);
    t.regex(css.headers.get('content-type')!, /^text\/css/);
    t.is(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    t.is(css.headers.get('x-content-type-options'), 'nosniff');
    t.is(css.text, ':root{--accent:#ffdd00;--accent-ink:#1c2430;--bg:#102030}\n');
    t.is((await browser.request('GET', themeUrl, undefined, { 'if-none-match': css.headers.get('etag')! })).status, 304);
    const preview = await browser.get('/branding/theme/preview/none-102030.css');
    t.is(preview.text, '.brand-preview{--bg:#102030}\n');
  } finally {
    await server.close();
  }
});

const inks: [string, string][] = [
  ['ffffff', '#1c2430'],
  ['ffdd00', '#1c2430'],
  ['1f5fbf', '#fff'],
  ['000000', '#fff'],
  ['b3261e', '#fff'],
];
for (const [accent, ink] of inks) {
  test(`readable ink on #${accent} is ${ink}`, (t) => t.is(readableInk(accent), ink));
}

test('themeCss refuses anything but six hex digits or none', (t) => {
  t.is(themeCss('1f5fbf-none', ':root'), ':root{--accent:#1f5fbf;--accent-ink:#fff}\n');
  t.is(themeCss('1F5FBF-none', ':root'), null);
  t.is(themeCss('none-none', ':root'), null);
  t.is(themeCss('}body{display:none-none', ':root'), null);
});
