import test from 'ava';
import { CliSession } from '../../../src/cli/session.js';
import { memoryLogger } from '../../../src/logger.js';
import { storeSecret } from '../../../src/repos/two-factor.js';
import { createAdmin, requireAdmin } from '../../../src/services/admins.js';
import { saveServerSettings } from '../../../src/services/server-settings.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { adminLogin, signedInAdmin, threeTests } from './helpers.js';

const PASSWORD = 'carol-password-1';
const RESET = '/admin/admins/carol/two-factor-reset';

/** A server with a second administrator, carol, whose 2-Step Verification is on and who has a WebAdmin session. */
async function withCarol(run: (server: TestServer, carol: Browser) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    const ctx = server.app.deps.services;
    const carol = await createAdmin(ctx, TEST_ADMIN, 'carol', PASSWORD);
    const { browser: carolBrowser, page } = await adminLogin(server, 'carol', PASSWORD);
    if (page.status !== 303) throw new Error('carol could not sign in');
    await storeSecret(ctx.db, { kind: 'admin', id: carol.id }, ctx.secretBox.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), true, server.clock.now());
    await run(server, carolBrowser);
  } finally {
    await server.close();
  }
}

test('carol is really signed in before the reset', async (t) => {
  await withCarol(async (_server, carol) => {
    t.is((await carol.get('/admin/admins')).status, 200);
  });
});

test('the three tests: the confirmation of resetting another administrator\'s 2-Step Verification', async (t) => {
  await withCarol(async (server) => {
    await threeTests(t, server, RESET, (page) => {
      t.regex(page.$('main h1').text(), /Reset the 2-Step Verification of carol\?/);
      t.is(page.$('main form button').text(), 'Reset 2-Step Verification of carol');
    });
  });
});

test('another administrator resets it: key and sessions gone, audited, and with the mandatory setting the next sign-in leads into set-up', async (t) => {
  await withCarol(async (server, carolBrowser) => {
    const ctx = server.app.deps.services;
    const admin = await signedInAdmin(server);
    const list = await admin.get('/admin/admins');
    t.is(list.$('a:contains("Reset 2-Step Verification")').attr('href'), RESET, 'offered for carol, not for oneself');
    t.is(list.$('a:contains("Reset 2-Step Verification")').length, 1);
    const done = await admin.submit(RESET, {}, 'main form');
    t.is(done.status, 303);
    t.regex((await admin.follow(done)).$('.flash').text(), /The 2-Step Verification of carol was reset/);
    const carol = await requireAdmin(ctx, 'carol');
    t.false(carol.state.configured);
    t.false(carol.state.hasKey);
    t.regex((await carolBrowser.get('/admin/admins')).location ?? '', /^\/admin\/login\?next=/, "carol's open session ended");
    const audit = await ctx.db('audit_events').where({ event: 'admin.two_factor_reset', subject: 'carol' });
    t.is(audit.length, 1);
    t.is(audit[0].actor_name, 'admin');
    await saveServerSettings(ctx, TEST_ADMIN, { sessionIdleSeconds: 1800, sessionMaxSeconds: 43200, adminSessionIdleSeconds: 1800, adminSessionMaxSeconds: 43200, adminTwoFactorMandatory: true });
    server.clock.advance(6000);
    const { page: again } = await adminLogin(server, 'carol', PASSWORD);
    t.is(again.location, '/admin/login/setup', 'the next sign-in leads into set-up');
  });
});

test('one\'s own 2-Step Verification cannot be reset here, and a POST without a token changes nothing', async (t) => {
  await withCarol(async (server) => {
    const admin = await signedInAdmin(server);
    const self = await admin.get('/admin/admins/admin/two-factor-reset');
    t.is(self.status, 403);
    t.regex(self.$('[role=alert]').text(), /use My account/);
    t.is((await admin.post(RESET, {})).status, 403);
    t.true((await requireAdmin(server.app.deps.services, 'carol')).state.configured);
  });
});

test('the local CLI resets an administrator\'s 2-Step Verification; the network CLI refuses to', async (t) => {
  await withCarol(async (server) => {
    const ctx = server.app.deps.services;
    const tcp = new CliSession({ services: ctx, logger: memoryLogger(), peer: '192.0.2.7', loggedInAs: 'admin' });
    const refused = await tcp.handle('RESET AdminTwoFactor carol');
    t.regex(refused.lines.at(-1)!, /^-ERR: Only the local CLI/);
    t.true((await requireAdmin(ctx, 'carol')).state.configured);
    const local = new CliSession({ services: ctx, logger: memoryLogger(), peer: null, loggedInAs: 'local' });
    const done = await local.handle('RESET AdminTwoFactor name carol');
    t.regex(done.lines.at(-1)!, /^\+OK: The 2-Step Verification of administrator carol was reset/);
    t.false((await requireAdmin(ctx, 'carol')).state.configured);
    t.is((await ctx.db('audit_events').where({ event: 'admin.two_factor_reset', actor_kind: 'cli', actor_name: 'local' })).length, 1);
    t.regex((await local.handle('RESET AdminTwoFactor carol')).lines.at(-1)!, /^-ERR: The administrator carol has no 2-Step Verification to reset/);
    t.regex((await local.handle('RESET AdminTwoFactor nobody')).lines.at(-1)!, /^-ERR: There is no administrator nobody/);
  });
});
