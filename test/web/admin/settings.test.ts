import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { getServerSettings } from '../../../src/repos/server-settings.js';
import { adminLogin, HOSTILE_VALUES, MAIN_FORM, signedInAdmin, threeTests, withServer } from './helpers.js';

const GOOD = { sessionIdleSeconds: '15', sessionMaxSeconds: '600', adminSessionIdleSeconds: '10', adminSessionMaxSeconds: '120' };

test('Server Settings: three tests', (t) =>
  withServer((server) =>
    threeTests(t, server, '/admin/settings', (page) => {
      t.is(page.$('h1').text(), 'Server Settings');
      t.is(page.$('input[name=sessionIdleSeconds]').attr('value'), '30');
      t.is(page.$('input[name=sessionMaxSeconds]').attr('value'), '720');
      t.is(page.$('input[name=adminSessionMaxSeconds]').attr('value'), '480');
      t.false(page.$('input[name=adminTwoFactorMandatory]').is(':checked'));
    }),
  ));

test('saving the session limits stores them, audits, and the new WebAdmin idle timeout applies at once', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const saved = await admin.submit('/admin/settings', GOOD, MAIN_FORM);
    t.is(saved.status, 303);
    t.like(await getServerSettings(server.testDb.db), { sessionIdleSeconds: 900, sessionMaxSeconds: 36000, adminSessionIdleSeconds: 600, adminSessionMaxSeconds: 7200, adminTwoFactorMandatory: false });
    const page = await admin.follow(saved);
    t.regex(page.$('.flash.ok').text(), /saved/);
    t.is(page.$('input[name=sessionMaxSeconds]').attr('value'), '600');
    const [event] = await listAudit(server.testDb.db, { event: 'server.changed', limit: 1 });
    t.regex(event.detail!, /sessionIdleSeconds: 1800 → 900/);
    t.like(event.actor, { kind: 'admin', name: 'admin' });
    t.regex((await admin.follow(await admin.submit('/admin/settings', GOOD, MAIN_FORM))).$('.flash.ok').text(), /Nothing was changed/);

    server.clock.advance(11 * 60 * 1000);
    const expired = await admin.get('/admin/settings');
    t.is(expired.status, 303, 'the 10-minute WebAdmin idle timeout ended the session');
    t.regex(expired.location!, /^\/admin\/login/);
  }));

test('bad limits are refused beside the field with a 400 and nothing is saved', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const cases: [Partial<Record<keyof typeof GOOD, string | string[]>>, keyof typeof GOOD, RegExp][] = [
      [{ sessionIdleSeconds: '0' }, 'sessionIdleSeconds', /1 minute to 24 hours/],
      [{ sessionIdleSeconds: '1441' }, 'sessionIdleSeconds', /1 minute to 24 hours/],
      [{ sessionIdleSeconds: 'soon' }, 'sessionIdleSeconds', /whole number of minutes/],
      [{ sessionIdleSeconds: '-5' }, 'sessionIdleSeconds', /whole number of minutes/],
      [{ sessionIdleSeconds: '1.5' }, 'sessionIdleSeconds', /whole number of minutes/],
      [{ sessionMaxSeconds: '10' }, 'sessionMaxSeconds', /cannot be shorter than the idle timeout/],
      [{ sessionMaxSeconds: '43201' }, 'sessionMaxSeconds', /at most 30 days/],
      [{ adminSessionIdleSeconds: '' }, 'adminSessionIdleSeconds', /whole number of minutes/],
      [{ adminSessionMaxSeconds: '5' }, 'adminSessionMaxSeconds', /shorter than the idle timeout/],
      [{ adminSessionMaxSeconds: HOSTILE_VALUES.array }, 'adminSessionMaxSeconds', /whole number of minutes/],
      [{ sessionMaxSeconds: HOSTILE_VALUES.huge }, 'sessionMaxSeconds', /whole number of minutes/],
    ];
    for (const [fields, field, message] of cases) {
      const page = await admin.submit('/admin/settings', { ...GOOD, ...fields } as Record<string, string>, MAIN_FORM);
      t.is(page.status, 400, JSON.stringify(fields).slice(0, 60));
      t.regex(page.$(`#f-${field}-error`).text(), message);
    }
    const typed = await admin.submit('/admin/settings', { ...GOOD, sessionIdleSeconds: 'soon' }, MAIN_FORM);
    t.is(typed.$('input[name=sessionIdleSeconds]').attr('value'), 'soon', 'what was typed is kept');
    t.is(typed.$('input[name=sessionMaxSeconds]').attr('value'), '600');
    t.is((await getServerSettings(server.testDb.db)).sessionIdleSeconds, 1800);
    t.is((await admin.post('/admin/settings', GOOD)).status, 403);
  }));

test('an environment override of the WebMail limits is named on the page', (t) =>
  withServer(
    async (server) => {
      const page = await (await signedInAdmin(server)).get('/admin/settings');
      t.regex(page.$('main').text(), /WEBMAIL_SESSION_IDLE_TIMEOUT overrides this value/);
      t.notRegex(page.$('main').text(), /WEBMAIL_SESSION_MAX_LIFETIME overrides/);
    },
    { sessionIdleSeconds: 120 },
  ));

test('mandatory 2-Step Verification for administrators sends an unpaired admin to set-up at the next sign-in', (t) =>
  withServer(async (server) => {
    const admin = await signedInAdmin(server);
    const saved = await admin.submit('/admin/settings', { ...GOOD, adminTwoFactorMandatory: 'on' }, MAIN_FORM);
    t.regex((await admin.follow(saved)).$('.flash.ok').text(), /you will have to at your next sign-in/);
    t.true((await getServerSettings(server.testDb.db)).adminTwoFactorMandatory);
    const again = await adminLogin(server);
    t.is(again.page.location, '/admin/login/setup');
    const blocked = await again.browser.get('/admin/domains');
    t.is(blocked.location, '/admin/login/setup', 'a set-up session reaches nothing else');
  }));
