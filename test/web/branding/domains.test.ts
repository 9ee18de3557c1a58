import test from 'ava';
import { createAccount } from '../../../src/services/accounts.js';
import { applyDomainChanges, requireDomain } from '../../../src/services/domains.js';
import { Browser, type Page, type TestServer } from '../../helpers/http.js';
import { withServer } from '../admin/helpers.js';
import { addDomain, brand, BRANDING_ADMIN, getByHost, solidPng } from './fixtures.js';

const PASSWORD = 'user-password-1';

/** Signs alice@`domain` in (2-Step Verification optional), re-enters the password and opens the pairing screen. */
async function pairingPage(server: TestServer, domainName: string): Promise<{ browser: Browser; page: Page }> {
  const services = server.app.deps.services;
  const domain = await requireDomain(services, domainName);
  await createAccount(services, BRANDING_ADMIN, domain, { name: 'alice', password: PASSWORD }, [{ op: 'setTwoFactor', value: 'enabled' }]);
  const browser = new Browser(server.url);
  const login = await browser.submit(`/login?domain=${domainName}`, { username: 'alice', password: PASSWORD });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  await browser.submit('/settings/two-step/verify?next=pair', { password: PASSWORD }, 'main form');
  return { browser, page: await browser.get('/settings/two-step/pair') };
}

function look(page: { $: Page['$'] }) {
  return {
    name: page.$('.brand').text(),
    title: page.$('title').text(),
    logo: page.$('.brand img').attr('src') ?? null,
    theme: page.$('link[rel=stylesheet]').eq(1).attr('href') ?? null,
    favicon: page.$('link[rel=icon]').attr('href'),
  };
}

test('two domains with their own branding show different names, logos, colours and authenticator issuers', async (t) => {
  await withServer(async (server) => {
    const acme = await addDomain(server, 'acme.test');
    const globex = await addDomain(server, 'globex.test');
    await brand(server, acme, { texts: { name: 'Acme Mail', accentColor: '#aa0000' }, uploads: { logoPublic: solidPng([170, 0, 0]), logoPrivate: solidPng([1, 0, 0]) } });
    await brand(server, globex, { texts: { name: 'Globex Webmail', accentColor: '#0000aa', backgroundColor: '#eeeeff' }, uploads: { logoPublic: solidPng([0, 0, 170]) } });
    const browser = new Browser(server.url);
    const a = look(await browser.get('/login?domain=acme.test'));
    const g = look(await browser.get('/login?domain=globex.test'));
    t.is(a.title, 'Sign in · Acme Mail');
    t.is(g.title, 'Sign in · Globex Webmail');
    t.regex(a.logo!, /^\/branding\/assets\/[0-9a-f]{64}\.png$/);
    t.regex(g.logo!, /^\/branding\/assets\/[0-9a-f]{64}\.png$/);
    t.not(a.logo, g.logo);
    t.is(a.theme, '/branding/theme/aa0000-none.css');
    t.is(g.theme, '/branding/theme/0000aa-eeeeff.css');

    const acmePairing = await pairingPage(server, 'acme.test');
    const globexPairing = await pairingPage(server, 'globex.test');
    t.is(acmePairing.page.$('#key-issuer').text(), 'Acme Mail');
    t.is(globexPairing.page.$('#key-issuer').text(), 'Globex Webmail');
    const uri = new URL(acmePairing.page.$('a[href^="otpauth://"]').attr('href')!);
    t.is(uri.searchParams.get('issuer'), 'Acme Mail');
    t.is(decodeURIComponent(uri.pathname), '/Acme Mail:alice@acme.test');
    t.is(new URL(globexPairing.page.$('a[href^="otpauth://"]').attr('href')!).searchParams.get('issuer'), 'Globex Webmail');
    t.regex(acmePairing.page.$('.app-brand img').attr('src') ?? '', /^\/branding\/assets\//, 'the private pages carry the private logo');
    t.not(acmePairing.page.$('.app-brand img').attr('src'), a.logo);
  });
});

test('a domain without branding, and a page with no domain, show the server default field by field', async (t) => {
  await withServer(async (server) => {
    const acme = await addDomain(server, 'acme.test');
    await addDomain(server, 'plain.test');
    await brand(server, { kind: 'server' }, { texts: { name: 'Corp Mail', welcomeText: 'Corporate mail', backgroundColor: '#f0f0f0' }, uploads: { logoPublic: solidPng([9, 9, 9]) } });
    await brand(server, acme, { texts: { name: 'Acme Mail' } });
    const browser = new Browser(server.url);
    const plain = await browser.get('/login?domain=plain.test');
    const none = await browser.get('/login');
    const acmePage = await browser.get('/login?domain=acme.test');
    for (const page of [plain, none]) {
      t.is(page.$('title').text(), 'Sign in · Corp Mail');
      t.is(page.$('.welcome').text(), 'Corporate mail');
      t.is(page.$('link[rel=stylesheet]').eq(1).attr('href'), '/branding/theme/none-f0f0f0.css');
    }
    t.is(look(plain).logo, look(none).logo);
    t.is(acmePage.$('title').text(), 'Sign in · Acme Mail', 'the domain sets its name...');
    t.is(look(acmePage).logo, look(none).logo, '...and inherits the rest');
    t.is(acmePage.$('.welcome').text(), 'Corporate mail');
  });
});

test('the login page chosen by host name, by a WebMail host name and by ?domain= looks the same', async (t) => {
  await withServer(async (server) => {
    const acme = await addDomain(server, 'acme.test');
    await brand(server, acme, { texts: { name: 'Acme Mail', accentColor: '#aa0000', welcomeText: 'Hello' }, uploads: { logoPublic: solidPng([170, 0, 0]), favicon: solidPng([1, 1, 1]) } });
    await applyDomainChanges(server.app.deps.services, BRANDING_ADMIN, 'acme.test', [{ op: 'setWebmailHosts', value: ['mail.acme.example'] }]);
    server.clock.advance(10_000);
    const byQuery = await new Browser(server.url).get('/login?domain=acme.test');
    const byHost = await getByHost(server, 'acme.test', '/login');
    const byWebmailHost = await getByHost(server, 'mail.acme.example', '/login');
    // Only the per-visitor CSRF token and the form's own address may differ.
    const normalise = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/\?domain=acme\.test/g, '');
    t.is(normalise(byHost.text), normalise(byQuery.text));
    t.is(normalise(byWebmailHost.text), normalise(byQuery.text));
    t.is(byHost.$('.brand img').attr('alt'), 'Acme Mail');
    t.is(look(byHost).title, 'Sign in · Acme Mail');
  });
});

test('Mobile WebMail uses the mobile logo when set, else the standard one', async (t) => {
  await withServer(async (server) => {
    const acme = await addDomain(server, 'acme.test');
    await brand(server, acme, { texts: { name: 'Acme Mail' }, uploads: { logoPublic: solidPng([170, 0, 0]) } });
    const browser = new Browser(server.url);
    const standard = look(await browser.get('/login?domain=acme.test')).logo;
    const before = await browser.get('/m/login?domain=acme.test');
    t.is(before.$(`img[src="${standard}"]`).length, 1);
    await brand(server, acme, { uploads: { logoPublicMobile: solidPng([0, 170, 0]) } });
    const after = await browser.get('/m/login?domain=acme.test');
    t.is(after.$(`img[src="${standard}"]`).length, 0);
    t.is(after.$('img[alt="Acme Mail"]').length, 1);
    t.regex(after.$('title').text(), /Acme Mail/);
  });
});
