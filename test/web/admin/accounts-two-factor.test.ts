import test from 'ava';
import { listAudit } from '../../../src/repos/audit.js';
import { listMessages } from '../../../src/repos/messages.js';
import { saveSession } from '../../../src/repos/sessions.js';
import { lockCodeEntry } from '../../../src/repos/two-factor.js';
import { accountCurrentCode } from '../../../src/services/accounts.js';
import { referenceTotp } from '../../helpers/rfc6238.js';
import { accountPath, accountsFixture, textOf } from './accounts-fixture.js';
import { HOSTILE_VALUES, threeTests } from './helpers.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const KEY_FORM = 'form#add-key';

test('"Add secret key" refuses every malformed key beside the field with 400 and changes nothing', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const bad: [string | string[], RegExp][] = [
      ['JBSWY3DPEHPK3PX', /has 15 characters/],
      ['JBSWY3DPEHPK3PXPA', /has 17 characters/],
      ['JBSWY3DPEHPK3PX0', /contains "0"/],
      ['JBSWY3DPEHPK3PX1', /contains "1"/],
      ['JBSWY3DPEHPK3PX8', /contains "8"/],
      ['JBSWY3DPEHPK3PX9', /contains "9"/],
      ['', /No secret key given/],
      ['   ', /No secret key given/],
      ['JBSWY3DPEHPK3PX=', /contains "="/],
      [HOSTILE_VALUES.huge, /exactly 16 characters/],
      [HOSTILE_VALUES.array, /exactly 16 characters/],
    ];
    for (const [secretKey, message] of bad) {
      const page = await admin.submit(accountPath('alice'), { secretKey } as Record<string, string>, KEY_FORM);
      t.is(page.status, 400, String(secretKey).slice(0, 20));
      t.regex(textOf(page, '#f-secretKey-error'), message);
      t.regex(textOf(page, '#f-secretKey-error'), /capital letters A–Z and digits 2–7/);
      t.is(page.$('input[name=secretKey]').attr('aria-invalid'), 'true');
      t.is(textOf(page, '#tsv-status'), 'enabled, not configured');
    }
    const alice = await account('alice');
    t.is(alice.state.hasKey, false);
    t.is((await listAudit(ctx.db, { subject: 'alice@example.com', event: 'key.provisioned', limit: 1 })).length, 0);
  } finally {
    await server.close();
  }
});

test('a good key (any case, with spaces) is stored and the account is configured', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const done = await admin.submit(accountPath('alice'), { secretKey: 'jbsw y3dp ehpk 3pxp' }, KEY_FORM);
    t.is(done.status, 303);
    const page = await admin.follow(done);
    t.is(textOf(page, '.flash.ok'), 'The secret key of alice@example.com was added; 2-Step Verification is configured.');
    t.is(textOf(page, '#tsv-status'), 'configured');
    t.is(await accountCurrentCode(ctx, await account('alice')), referenceTotp(KEY, server.clock.now() / 1000));
    t.regex(textOf(page, 'table.audit'), /Secret key added by an administrator/);
    const [event] = await listAudit(ctx.db, { subject: 'alice@example.com', event: 'key.provisioned', limit: 1 });
    t.like(event.actor, { kind: 'admin', name: 'admin', ip: '127.0.0.1' });
  } finally {
    await server.close();
  }
});

test('"Reset secret key" asks first, then replaces the key and signs the user out', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    await admin.submit(accountPath('alice'), { secretKey: KEY }, KEY_FORM);
    const alice = await account('alice');
    const now = server.clock.now();
    await saveSession(ctx.db, { sid: 'alice-session', kind: 'webmail', accountId: alice.id, adminId: null, data: { accountId: alice.id }, expiresAt: now + 60_000 });
    await threeTests(t, server, accountPath('alice', 'reset-key'), (page) => {
      t.is(textOf(page, '.dialog h1'), 'Reset the secret key of alice@example.com?');
      t.is(page.$('.dialog a:contains("Cancel")').attr('href'), accountPath('alice'));
    });
    const done = await admin.submit(accountPath('alice', 'reset-key'), {}, '.dialog form');
    t.is(done.status, 303);
    const page = await admin.follow(done);
    t.regex(textOf(page, '.flash.ok'), /was reset\. The user must pair an authenticator app again/);
    t.is(textOf(page, '#tsv-status'), 'enabled, not configured');
    const reset = await account('alice');
    t.false(reset.state.configured);
    t.not(await accountCurrentCode(ctx, reset), referenceTotp(KEY, now / 1000));
    const ended = await ctx.db('sessions').where({ sid: 'alice-session' }).first();
    t.like(ended, { data: '{}', end_reason: 'key_reset' }, 'the session is emptied and keeps only why it ended');
    t.true(Number(ended.expires_at) <= server.clock.now(), 'and it can no longer be used');
    const notices = (await listMessages(ctx.db, alice.id)).filter((m) => m.kind === 'notice').map((m) => m.subject);
    t.true(notices.includes('Your 2-Step Verification key was reset'));
  } finally {
    await server.close();
  }
});

test('"Revoke all devices" asks first, then leaves the account not configured', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const provisioned = await admin.follow(await admin.submit(accountPath('bob'), { secretKey: KEY }, KEY_FORM));
    t.is(provisioned.$('a:contains("Revoke all devices")').attr('href'), accountPath('bob', 'revoke'));
    await threeTests(t, server, accountPath('bob', 'revoke'), (page) => t.is(textOf(page, '.dialog h1'), 'Revoke all devices of bob@example.com?'));
    const page = await admin.follow(await admin.submit(accountPath('bob', 'revoke'), {}, '.dialog form'));
    t.is(textOf(page, '.flash.ok'), 'All devices of bob@example.com were revoked.');
    t.is(textOf(page, '#tsv-status'), 'enabled, not configured');
    t.is((await account('bob')).state.hasKey, false);
  } finally {
    await server.close();
  }
});

test('"Unlock" shows only when locked and lifts the lock', async (t) => {
  const { server, ctx, admin, account } = await accountsFixture();
  try {
    const bob = await account('bob');
    t.is((await admin.get(accountPath('bob'))).$('button:contains("Unlock")').length, 0);
    await lockCodeEntry(ctx.db, { kind: 'account', id: bob.id }, 1, server.clock.now() + 15 * 60_000);
    const locked = await admin.get(accountPath('bob'));
    t.regex(textOf(locked, '#two-step'), /locked for 15 minutes/);
    const done = await admin.submitForm(locked, {}, 'form[action$="/unlock"]');
    t.is(done.status, 303);
    const page = await admin.follow(done);
    t.is(textOf(page, '.flash.ok'), 'Code entry for bob@example.com was unlocked.');
    t.is(textOf(page, '#tsv-status'), 'enabled, not configured');
    t.is((await account('bob')).state.lockedUntil, null);
    const again = await admin.follow(await admin.submitForm(locked, {}, 'form[action$="/unlock"]'));
    t.is(textOf(again, '.flash.ok'), 'Code entry for bob@example.com was not locked.');
    t.is((await listAudit(ctx.db, { subject: 'bob@example.com', event: 'lock.lifted', limit: 5 })).length, 1);
  } finally {
    await server.close();
  }
});

test('removing an account asks first; the postmaster cannot be removed', async (t) => {
  const { server, ctx, admin } = await accountsFixture();
  try {
    await threeTests(t, server, accountPath('alice', 'remove'), (page) => t.is(textOf(page, '.dialog h1'), 'Remove the account alice@example.com?'));
    const done = await admin.submit(accountPath('alice', 'remove'), {}, '.dialog form');
    t.is(done.status, 303);
    t.is(done.location, '/admin/domains/example.com/accounts');
    const list = await admin.follow(done);
    t.is(textOf(list, '.flash.ok'), 'The account alice@example.com was removed.');
    t.is((await admin.get(accountPath('alice'))).status, 404);
    t.is((await listAudit(ctx.db, { subject: 'alice@example.com', event: 'account.removed', limit: 1 })).length, 1);
    t.is((await admin.get(accountPath('postmaster'))).$('a:contains("Remove account")').length, 0);
    t.is((await admin.get(accountPath('bob'))).$('a:contains("Remove account")').attr('href'), accountPath('bob', 'remove'));
    const postmaster = await admin.submit(accountPath('postmaster', 'remove'), {}, '.dialog form');
    t.is(postmaster.status, 403);
    t.regex(postmaster.text, /postmaster account cannot be removed/);
  } finally {
    await server.close();
  }
});

test('account actions without a CSRF token are refused and change nothing', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    for (const sub of ['key', 'reset-key', 'revoke', 'unlock', 'remove', 'random-password', 'restrictions', '']) {
      const page = await admin.post(accountPath('alice', sub), { secretKey: KEY, twoFactor: 'disabled', firstName: 'X' });
      t.is(page.status, 403, sub);
    }
    const alice = await account('alice');
    t.like(alice, { firstName: 'Alice', twoFactor: null });
    t.is(alice.state.hasKey, false);
  } finally {
    await server.close();
  }
});

test('bytes that are not UTF-8 are refused as a key, beside the field', async (t) => {
  const { server, admin, account } = await accountsFixture();
  try {
    const form = await admin.get(accountPath('alice'));
    const csrf = encodeURIComponent(form.$('#add-key input[name=_csrf]').attr('value')!);
    const page = await admin.post(accountPath('alice', 'key'), `_csrf=${csrf}&secretKey=JBSWY3DPEHPK3P%FF%FE`);
    t.is(page.status, 400);
    t.regex(textOf(page, '#f-secretKey-error'), /exactly 16 characters/);
    t.is((await account('alice')).state.hasKey, false);
  } finally {
    await server.close();
  }
});
