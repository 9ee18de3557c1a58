import test from 'ava';
import { getBranding } from '../../src/repos/branding.js';
import { CONTROL_BYTES_TEXT, hasRefusedField, MULTILINE_FIELDS, refusedValue } from '../../src/web/control-bytes.js';
import { startTestServer } from '../helpers/http.js';
import { signedInAdmin } from './admin/helpers.js';
import { addDomain, formParts, postMultipart } from './branding/fixtures.js';

test('one-line fields take no control character; multi-line fields take tab, CR and LF only', (t) => {
  const cases: [field: string, value: string, refused: boolean][] = [
    ['username', 'alice@example.com', false],
    ['username', 'u0\u0000@example.com', true],
    ['username', 'a\tb', true],
    ['password', 'line\nbreak', true],
    ['name', 'bell\u0007', true],
    ['name', 'escape\u001b[0m', true],
    ['name', 'delete\u007f', true],
    ['name', 'Ünïcødé · 名前', false],
    ['welcomeText', 'Hello\r\nand welcome\tall', false],
    ['welcomeText', 'Hello\u0000', true],
    ['welcomeText', 'form\u000cfeed', true],
    ['webmailHosts', 'mail.example.com\nwebmail.example.com', false],
    ['webmailHosts', 'mail.example.com\u000b', true],
    ['body', 'Dear Bob,\r\n\tthanks.\n', false],
    ['body', 'NUL\u0000', true],
  ];
  for (const [field, value, refused] of cases) t.is(refusedValue(field, value), refused, `${field}: ${JSON.stringify(value)}`);
  t.deepEqual([...MULTILINE_FIELDS].sort(), ['body', 'webmailHosts', 'welcomeText']);
});

test('a form or query is refused for a control character in any value, a repeated value or a field name', (t) => {
  t.false(hasRefusedField({ q: 'alice', state: ['a', 'b'], missing: undefined }));
  t.true(hasRefusedField({ state: ['a', 'b\u0000'] }));
  t.true(hasRefusedField({ 'na\u0000me': 'x' }));
  t.false(hasRefusedField({ welcomeText: ['one\ntwo'] }));
});

test('a branding upload with a NUL in a text field is refused with 400 on the form, and nothing is saved', async (t) => {
  const server = await startTestServer();
  try {
    const admin = await signedInAdmin(server);
    const target = await addDomain(server, 'nul-upload.test');
    const path = '/admin/domains/nul-upload.test/branding';
    const form = await admin.get(path);
    const refused = await postMultipart(admin, path, formParts(form, { name: 'Acme\u0000Mail' }));
    t.is(refused.status, 400);
    t.true(refused.text.includes(CONTROL_BYTES_TEXT.message));
    t.is((await getBranding(server.testDb.db, target)).name, null);
    const lines = await postMultipart(admin, path, formParts(form, { name: 'Acme Mail', welcomeText: 'Welcome,\r\nstaff' }));
    t.is(lines.status, 303);
    const saved = await getBranding(server.testDb.db, target);
    t.deepEqual([saved.name, saved.welcomeText], ['Acme Mail', 'Welcome,\nstaff']);
  } finally {
    await server.close();
  }
});
