import http from 'node:http';
import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { getBranding } from '../../../src/repos/branding.js';
import { Browser } from '../../helpers/http.js';
import { signedInAdmin, threeTests, withServer } from '../admin/helpers.js';
import { actionOf, addDomain, brand, formParts, multipartBody, postMultipart, solidPng, tokenOf } from './fixtures.js';

const PATH = '/admin/domains/acme.test/branding';

test('Configure branding: anonymous, WebMail user and admin', async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'acme.test');
    await threeTests(t, server, PATH, (page) => {
      t.is(page.$('h1').text(), 'Configure branding: acme.test');
      t.is(page.$('#branding-form').attr('enctype'), 'multipart/form-data');
      t.is(actionOf(page), '/admin/domains/acme.test/branding');
      t.is(page.$('#branding-form').find('input, textarea, select, button').first().attr('name'), '_csrf', 'the token is the first field, read before any file');
      t.is(page.$('#branding-form input[type=file]').length, 5);
      t.is(page.$('#branding-form input[type=checkbox][name^=reset_]').length, 10, 'every field can be reset to default');
      t.regex(page.$('#f-logoPublic-limit').text(), /at most 256 KB/);
      t.regex(page.$('#f-name-hint').text(), /Default: Twostep\./);
      t.is(page.$('script').length, 0);
    });
    await threeTests(t, server, '/admin/branding', (page) => t.is(page.$('h1').text(), 'Server default branding'));
    const admin = await signedInAdmin(server);
    t.is((await admin.get('/admin/domains/none.test/branding')).status, 404);
    const edit = await admin.get('/admin/domains/acme.test');
    t.is(edit.$(`a[href="${PATH}"]`).text(), 'Configure branding');
  });
});

test('saving the form stores every field, audits it, and the domain login page shows it', async (t) => {
  await withServer(async (server) => {
    const target = await addDomain(server, 'acme.test');
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    const logo = solidPng([10, 120, 40]);
    const saved = await postMultipart(admin, actionOf(form), [
      ...formParts(form, { name: 'Acme Mail', welcomeText: 'Welcome to Acme.\nUse your work address.', helpUrl: 'https://help.acme.test/2sv', accentColor: '#0A7828', backgroundColor: '#F0F4F0' }),
      { name: 'logoPublic', value: logo, filename: 'logo.png' },
      { name: 'favicon', value: Buffer.alloc(0), filename: '' },
    ]);
    t.is(saved.status, 303);
    t.is(saved.location, PATH);
    const after = await admin.get(PATH);
    t.regex(after.$('.flash.ok').text(), /saved/);
    t.is(after.$('#f-name').attr('value'), 'Acme Mail');
    t.regex(after.$('img[alt="Logo for the public pages set here"]').attr('src')!, /^\/branding\/assets\/[0-9a-f]{64}\.png$/);
    const stored = await getBranding(server.testDb.db, { kind: 'domain', id: target.kind === 'domain' ? target.id : 0 });
    t.is(stored.accentColor, '#0a7828');
    t.is(stored.favicon, null, 'an empty file input changes nothing');
    const audit = await listAudit(server.testDb.db, { event: 'branding.changed', limit: 5 });
    t.is(audit[0].domain, 'acme.test');
    t.is(audit[0].actor.name, 'admin');

    // The save dropped this instance's cached brand; the page-level cache lasts a few seconds.
    server.clock.advance(6000);
    const login = await new Browser(server.url).get('/login?domain=acme.test');
    t.is(login.$('.brand img').attr('alt'), 'Acme Mail');
    t.regex(login.$('title').text(), /Acme Mail/);
    t.is(login.$('.welcome').text(), 'Welcome to Acme.\nUse your work address.');
    t.is(login.$('a[href="https://help.acme.test/2sv"]').length, 1);
    t.is(login.$('link[rel=stylesheet]').eq(1).attr('href'), '/branding/theme/0a7828-f0f4f0.css');
  });
});

test('hostile values are refused beside their field, nothing is saved and nothing typed is lost', async (t) => {
  await withServer(async (server) => {
    const target = await addDomain(server, 'acme.test');
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
    const page = await postMultipart(admin, actionOf(form), [
      ...formParts(form, { name: 'Fine Name', helpUrl: 'javascript:alert(1)', accentColor: 'red;background:url(x)', welcomeText: '"><img src=x onerror=alert(1)>' }),
      { name: 'logoPublic', value: svg, filename: 'logo.png' },
      { name: 'logoPrivate', value: solidPng([1, 2, 3]), filename: 'ok.png' },
    ]);
    t.is(page.status, 400);
    t.regex(page.$('.flash.error').text(), /Nothing was saved/);
    t.regex(page.$('#f-helpUrl-error').text(), /https:\/\//);
    t.regex(page.$('#f-accentColor-error').text(), /six hexadecimal digits/);
    t.regex(page.$('#f-logoPublic-error').text(), /SVG and other formats are not accepted/);
    t.is(page.$('#f-helpUrl').attr('aria-invalid'), 'true');
    t.is(page.$('#f-name').attr('value'), 'Fine Name', 'what was typed stays');
    t.is(page.$('#f-helpUrl').attr('value'), 'javascript:alert(1)');
    t.is(page.$('#f-welcomeText').text(), '"><img src=x onerror=alert(1)>');
    t.is(page.$('img[src=x]').length, 0);
    t.is(page.$('input[name=kept_logoPrivate]').length, 1, 'the good image is kept for the next try');
    t.is((await getBranding(server.testDb.db, { kind: 'domain', id: target.kind === 'domain' ? target.id : 0 })).name, null);
    t.is((await listAudit(server.testDb.db, { event: 'branding.changed', limit: 5 })).length, 0);
  });
});

test('an 11 MB upload is refused with 413 and a clear page, a malformed body with 400, a missing token with 403', async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'acme.test');
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    const huge = Buffer.concat([solidPng([1, 1, 1]), Buffer.alloc(11 * 1024 * 1024)]);
    const tooLarge = await postMultipart(admin, actionOf(form), [...formParts(form), { name: 'logoPublic', value: huge, filename: 'big.png' }]);
    t.is(tooLarge.status, 413);
    t.regex(tooLarge.$('.flash.error').text(), /larger than allowed/);
    t.is(tooLarge.$('#branding-form').length, 1, 'the form is there to try again');
    const oneFileTooLarge = await postMultipart(admin, actionOf(form), [...formParts(form), { name: 'favicon', value: Buffer.concat([solidPng([1, 1, 1]), Buffer.alloc(300 * 1024)]), filename: 'big.png' }]);
    t.is(oneFileTooLarge.status, 413);
    t.regex(oneFileTooLarge.$('#f-favicon-error').text(), /larger than 256 KB/);
    const malformed = await postMultipart(admin, actionOf(form), { body: Buffer.from(`--abc\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tokenOf(form)}\r\n--abc\r\nno parts here`), contentType: 'multipart/form-data; boundary=abc' });
    t.is(malformed.status, 400);
    t.regex(malformed.$('.flash.error').text(), /could not be read/);
    const notMultipart = await admin.post(actionOf(form), { _csrf: tokenOf(form), name: 'x' });
    t.is(notMultipart.status, 415);
    const repeated = await postMultipart(admin, actionOf(form), [...formParts(form), { name: 'name', value: 'second' }]);
    t.is(repeated.status, 400);
    t.regex(repeated.$('#f-name-error').text(), /could not be read/);
    const nonUtf8 = await postMultipart(admin, actionOf(form), [...formParts(form).filter((p) => p.name !== 'welcomeText'), { name: 'welcomeText', value: Buffer.from([0xff, 0xfe, 0x41]) }]);
    t.is(nonUtf8.status, 400);
    t.regex(nonUtf8.$('#f-welcomeText-error').text(), /could not be read/);
    const noToken = await postMultipart(admin, PATH, formParts(form, { name: 'Stolen' }).filter((part) => part.name !== '_csrf'));
    t.is(noToken.status, 403);
    const { body, contentType } = multipartBody([{ name: '_csrf', value: 'forged-token' }, ...formParts(form, { name: 'Forged' }).filter((part) => part.name !== '_csrf')]);
    t.is((await postMultipart(admin, PATH, { body, contentType })).status, 403);
    t.is((await admin.get(PATH)).$('#f-name').attr('value'), '');
  });
});

test('Preview shows the login and challenge pages with the unsaved values; Save then keeps the previewed image', async (t) => {
  await withServer(async (server) => {
    const target = await addDomain(server, 'acme.test');
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    const logo = solidPng([200, 100, 0]);
    const preview = await postMultipart(admin, actionOf(form), [
      ...formParts(form, { intent: 'preview', name: 'Preview <Mail>', accentColor: '#C86400', welcomeText: 'Hello from the preview' }),
      { name: 'logoPublic', value: logo, filename: 'logo.webp' },
    ]);
    t.is(preview.status, 200);
    const boxes = preview.$('.brand-preview');
    t.is(boxes.length, 2);
    t.is(boxes.eq(0).find('.brand img').attr('alt'), 'Preview <Mail>');
    t.is(boxes.eq(0).find('.welcome').text(), 'Hello from the preview');
    t.is(boxes.eq(1).find('input[name=code]').attr('autocomplete'), 'one-time-code');
    t.regex(boxes.eq(1).text(), /alice@acme\.test/);
    t.is(preview.$('fieldset[disabled] form').length, 2, 'preview forms cannot be sent');
    t.is(preview.$('.brand-preview main, .brand-preview html, .brand-preview head').length, 0);
    t.is(preview.$('link[href="/branding/theme/preview/c86400-none.css"]').length, 1);
    t.is(preview.$('#f-name').attr('value'), 'Preview <Mail>');
    const keptHash = preview.$('input[name=kept_logoPublic]').attr('value')!;
    t.regex(keptHash, /^[0-9a-f]{64}$/);
    const stored = () => getBranding(server.testDb.db, { kind: 'domain', id: target.kind === 'domain' ? target.id : 0 });
    t.is((await stored()).name, null, 'a preview saves nothing');

    const saved = await postMultipart(admin, actionOf(preview), formParts(preview));
    t.is(saved.status, 303);
    t.is((await stored()).logoPublic, keptHash);
    t.is((await stored()).name, 'Preview <Mail>');
  });
});

test('Reset to default clears a field of a domain, which then shows the server default', async (t) => {
  await withServer(async (server) => {
    const target = await addDomain(server, 'acme.test');
    await brand(server, { kind: 'server' }, { texts: { name: 'Corp Mail', accentColor: '#123456' } });
    await brand(server, target, { texts: { name: 'Acme', accentColor: '#654321' }, uploads: { logoPublic: solidPng([5, 5, 5]) } });
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    t.regex(form.$('#f-name-hint').text(), /Default: Corp Mail\./);
    const saved = await postMultipart(admin, actionOf(form), formParts(form, { reset_accentColor: '1', reset_logoPublic: '1', reset_name: '1' }));
    t.is(saved.status, 303);
    server.clock.advance(6000);
    const login = await new Browser(server.url).get('/login?domain=acme.test');
    t.is(login.$('.brand').text(), 'Corp Mail');
    t.is(login.$('.brand img').length, 0);
    t.is(login.$('link[rel=stylesheet]').eq(1).attr('href'), '/branding/theme/123456-none.css');
  });
});

test('an upload sent without a length is cut off at the limit with 413, and the rest is never kept', async (t) => {
  await withServer(async (server) => {
    await addDomain(server, 'acme.test');
    const admin = await signedInAdmin(server);
    const form = await admin.get(PATH);
    const { contentType } = multipartBody([]);
    const boundary = contentType.split('boundary=')[1];
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(server.url + actionOf(form), {
        method: 'POST',
        headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': contentType, 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tokenOf(form)}\r\n`);
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="logoPublic"; filename="big.png"\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let sent = 0;
      const pump = () => {
        while (sent < 11 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    t.is(status, 413);
    t.is((await admin.get(PATH)).status, 200, 'the server still answers');
  });
});
