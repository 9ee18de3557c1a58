import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { listMessages } from '../../../src/repos/messages.js';
import { listSecondFactors } from '../../../src/repos/second-factors.js';
import { applyAccountChanges } from '../../../src/services/accounts.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { threeTests } from './helpers.js';

test("the General tab lists an account's devices; Remove asks first and removes only that one, audited as the admin and notified", async (t) => {
  const { server, ctx, domain, admin, account } = await accountsFixture();
  try {
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [
      { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP', name: 'Home phone' },
      { op: 'provisionKey', key: 'GEZDGNBVGY3TQOJQ', name: 'Work phone' },
    ]);
    const alice = await account('alice');
    const [home, work] = await listSecondFactors(ctx.db, { kind: 'account', id: alice.id });
    const page = await admin.get(accountPath('alice'));
    t.deepEqual(page.$('#devices tbody td[data-label=Device] strong').map((_, el) => page.$(el).text()).get(), ['Home phone', 'Work phone']);
    t.regex(textOf(page, '#devices'), new RegExp(`#${work.id} · Authenticator app`));
    const path = accountPath('alice', `devices/${work.id}/remove`);
    t.is(page.$('#devices a[aria-label="Remove Work phone"]').attr('href'), path);
    await threeTests(t, server, path, (confirm) => t.is(textOf(confirm, '.dialog h1'), 'Remove the device "Work phone" of alice@example.com?'));
    t.is((await admin.post(path, {})).status, 403, 'no CSRF token, nothing removed');
    const done = await admin.submit(path, {}, '.dialog form');
    t.is(done.status, 303);
    const after = await admin.follow(done);
    t.is(textOf(after, '.flash.ok'), 'The device "Work phone" of alice@example.com was removed; its codes no longer pass.');
    t.deepEqual((await listSecondFactors(ctx.db, { kind: 'account', id: alice.id })).map((d) => d.id), [home.id]);
    t.is(after.$('#devices a:contains("Remove")').length, 0, 'the only device is removed with Revoke all devices');
    const [event] = await listAudit(ctx.db, { event: 'device.removed', limit: 1 });
    t.like(event, { subject: 'alice@example.com', actor: { kind: 'admin', name: 'admin' }, detail: `device "Work phone" (#${work.id})` });
    const notice = (await listMessages(ctx.db, alice.id)).find((m) => m.subject === 'A device was removed');
    t.truthy(notice);
    t.is((await admin.get(accountPath('alice', `devices/${work.id}/remove`))).status, 404);
    t.is((await admin.get(accountPath('alice', 'devices/abc/remove'))).status, 404);
    const last = await admin.post(accountPath('alice', `devices/${home.id}/remove`), { _csrf: after.$('#add-key input[name=_csrf]').attr('value')! });
    t.is(last.status, 409);
    t.regex(last.text, /only device of alice@example.com/);
  } finally {
    await server.close();
  }
});
