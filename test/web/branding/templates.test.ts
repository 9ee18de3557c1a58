import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createAccount } from '../../../src/services/accounts.js';
import { requireDomain } from '../../../src/services/domains.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { signedInAdmin } from '../admin/helpers.js';
import { actionOf, addDomain, brand, BRANDING_ADMIN, formParts, getByHost, postMultipart } from './fixtures.js';

const PASSWORD = 'user-password-1';

/** A branding folder with overrides for acme.test, a broken one and one failing at render time. */
function brandingFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-branding-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write(
    'acme.test/webmail/login.njk',
    '{% extends "layouts/public.njk" %}\n{% block content %}\n<h1 class="acme-login">Acme: {{ title }}</h1>\n<p class="acme-name">{{ brand.name }}</p>\n{% include "webmail/login-form.njk" %}\n{% endblock %}\n',
  );
  write('acme.test/partials/public-brand.njk', '<p class="brand acme-brand">{{ brand.name }} Secure Mail</p>\n');
  write('broken.test/webmail/login.njk', '{% extends "layouts/public.njk" %}\n{% block content %}\n<h1>{{ title </h1>\n{% endblock %}\n');
  write('failing.test/webmail/login.njk', '{% extends "layouts/public.njk" %}\n{% block content %}{% include "no/such/partial.njk" %}{% endblock %}\n');
  write('notes.txt', 'not a domain folder\n');
  return dir;
}

async function withServer(run: (server: TestServer) => Promise<void>): Promise<void> {
  const dir = brandingFolder();
  const server = await startTestServer({ brandingDir: dir });
  try {
    await run(server);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function challengePage(server: TestServer, domainName: string) {
  const services = server.app.deps.services;
  const domain = await requireDomain(services, domainName);
  await createAccount(services, BRANDING_ADMIN, domain, { name: 'alice', password: PASSWORD }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' },
  ]);
  const browser = new Browser(server.url);
  const login = await browser.submit(`/login?domain=${domainName}`, { username: `alice@${domainName}`, password: PASSWORD });
  const page = await browser.follow(login);
  if (!page.$('input[name=code]').length) throw new Error(`no challenge for ${domainName}: ${page.status} ${page.text.slice(0, 200)}`);
  return page;
}

test('a domain with its own login template and brand partial uses them on its login and challenge pages; another domain does not', async (t) => {
  await withServer(async (server) => {
    const acme = await addDomain(server, 'acme.test');
    await addDomain(server, 'other.test');
    await brand(server, acme, { texts: { name: '<b>Acme</b>' } });
    const browser = new Browser(server.url);

    const acmeLogin = await browser.get('/login?domain=acme.test');
    t.is(acmeLogin.status, 200);
    t.is(acmeLogin.$('h1.acme-login').text(), 'Acme: Sign in');
    t.is(acmeLogin.$('.acme-brand').text(), '<b>Acme</b> Secure Mail');
    t.is(acmeLogin.$('.acme-brand b').length, 0, 'overrides are autoescaped too');
    t.is(acmeLogin.$('input[name=username]').length, 1, 'partials not overridden come from the product');
    t.regex(acmeLogin.headers.get('content-security-policy') ?? '', /default-src 'none'/);

    const otherLogin = await browser.get('/login?domain=other.test');
    t.is(otherLogin.$('.acme-login, .acme-brand').length, 0);
    t.is(otherLogin.$('.brand').text(), 'Twostep');

    const acmeChallenge = await challengePage(server, 'acme.test');
    t.is(acmeChallenge.$('.acme-brand').text(), '<b>Acme</b> Secure Mail');
    t.is(acmeChallenge.$('.acme-login').length, 0, 'the challenge keeps the product template');
    const otherChallenge = await challengePage(server, 'other.test');
    t.is(otherChallenge.$('.acme-brand').length, 0);
  });
});

test('the same override is used whether the domain is chosen by host name or by ?domain=', async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'acme.test');
    const byQuery = await new Browser(server.url).get('/login?domain=acme.test');
    const byHost = await getByHost(server, 'acme.test', '/login');
    t.is(byHost.$('h1.acme-login').text(), byQuery.$('h1.acme-login').text());
    t.is(byHost.$('.acme-brand').text(), byQuery.$('.acme-brand').text());
  });
});

test('an override with a syntax error is reported at start with its file and line, and the product template is used', async (t) => {
  await withServer(async (server) => {
    const reported = server.logs.filter((line) => line.includes('broken.test/webmail/login.njk'));
    t.is(reported.length, 1);
    t.regex(reported[0], /^error Branding template .*broken\.test\/webmail\/login\.njk: .*Line 3/);
    t.regex(reported[0], /product's template is used instead/);
    await addDomain(server, 'broken.test');
    const page = await new Browser(server.url).get('/login?domain=broken.test');
    t.is(page.status, 200);
    t.is(page.$('h1').text(), 'Sign in');
    t.is(page.$('input[name=username]').length, 1);
    t.is(server.logs.filter((line) => line.includes('broken.test/webmail/login.njk')).length, 1, 'reported once');
  });
});

test('an override that fails while rendering falls back to the product template with a logged message', async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'failing.test');
    const browser = new Browser(server.url);
    for (let i = 0; i < 2; i++) {
      const page = await browser.get('/login?domain=failing.test');
      t.is(page.status, 200);
      t.is(page.$('h1').text(), 'Sign in');
    }
    const reported = server.logs.filter((line) => line.includes('failing.test/webmail/login.njk'));
    t.is(reported.length, 1);
    t.regex(reported[0], /failed while rendering .*no\/such\/partial\.njk/);
  });
});

test('without a branding folder every domain gets the product templates', async (t) => {
  const server = await startTestServer({ brandingDir: path.join(os.tmpdir(), 'twostep-no-such-branding-folder') });
  try {
    await addDomain(server, 'acme.test');
    const page = await new Browser(server.url).get('/login?domain=acme.test');
    t.is(page.$('h1').text(), 'Sign in');
    t.false(server.logs.some((line) => line.includes('Branding template')));
  } finally {
    await server.close();
  }
});

test("the branding preview of a domain uses that domain's templates", async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'acme.test');
    await addDomain(server, 'other.test');
    const admin = await signedInAdmin(server);
    for (const [domain, expected] of [['acme.test', 1], ['other.test', 0]] as const) {
      const form = await admin.get(`/admin/domains/${domain}/branding`);
      const preview = await postMultipart(admin, actionOf(form), formParts(form, { intent: 'preview', name: 'Preview Name' }));
      t.is(preview.status, 200);
      t.is(preview.$('.brand-preview .acme-login').length, expected, domain);
      t.is(preview.$('.brand-preview .acme-brand').length, expected * 2, domain);
    }
    const page = await admin.get('/admin/domains/acme.test/branding');
    t.is(page.$('.acme-brand').length, 0, 'WebAdmin pages themselves never use a domain template');
  });
});
