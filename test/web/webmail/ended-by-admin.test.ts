import test from 'ava';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { Browser, startTestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { answer, codeNow, logIn, makeAccount } from './helpers.js';

// A session that an administrator's action ended sends its user to the login page with the reason.

const CASES = [
  { change: { op: 'resetKey' }, query: '/login?reset=1', notice: /an administrator reset your 2-Step Verification key/ },
  { change: { op: 'revokeAll' }, query: '/login?revoked=1', notice: /every 2-Step Verification device of your account was revoked/ },
] as const;

for (const { change, query, notice } of CASES) {
  test(`after an administrator's ${change.op}, the signed-out user's login page says why`, async (t) => {
    const server = await startTestServer();
    try {
      const alice = await makeAccount(server, { setting: 'enabled', paired: true });
      const browser = new Browser(server.url);
      await logIn(browser, alice.address);
      t.is((await answer(browser, codeNow(server))).location, '/mail');
      await applyAccountChanges(server.app.deps.services, TEST_ADMIN, alice.domain, 'alice', [change]);
      const bounced = await browser.get('/mail');
      t.is(bounced.status, 303);
      t.is(bounced.location, query);
      const login = await browser.get(query);
      t.regex(login.$('main').text(), notice);
      t.is((await browser.get('/mail')).location, '/login', 'said once: the ended session is gone now');
    } finally {
      await server.close();
    }
  });
}
