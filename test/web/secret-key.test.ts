import test from 'ava';
import { CliSession } from '../../src/cli/session.js';
import { S } from '../../src/cli/strings.js';
import { MAX_CODE_FAILURES } from '../../src/core/lockout.js';
import { hashRecoveryCode } from '../../src/core/recovery-codes.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { memoryLogger } from '../../src/logger.js';
import { replaceRecoveryCodes } from '../../src/repos/recovery-codes.js';
import { storeSecret } from '../../src/repos/two-factor.js';
import { CHALLENGE_TEXT } from '../../src/web/webmail/strings.js';
import { SECRET_UNREADABLE_TEXT } from '../../src/web/errors.js';
import { Browser, startTestServer } from '../helpers/http.js';
import { answer, codeNow, KEY, logIn, makeAccount } from './webmail/helpers.js';
import { MAIN_FORM, reverify } from './settings/helpers.js';

const OTHER_KEY = Buffer.alloc(32, 9);

test('a TOTP key sealed under another SECRET_KEY: the challenge says so and counts nothing, a recovery code still works, other screens and the CLI refuse clearly; all logged', async (t) => {
  const server = await startTestServer();
  try {
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    const subject = { kind: 'account', id: alice.account.id } as const;
    // As after a start with a new SECRET_KEY and without SECRET_KEY_PREVIOUS.
    await storeSecret(server.testDb.db, subject, createSecretBox(OTHER_KEY).seal(KEY), true, server.clock.now());
    await replaceRecoveryCodes(server.testDb.db, subject, [hashRecoveryCode('abcd-efgh-jkmn')], 0);
    const browser = new Browser(server.url);
    t.is((await logIn(browser, alice.address)).location, '/login/verify');
    for (let i = 0; i <= MAX_CODE_FAILURES; i++) {
      const refused = await answer(browser, codeNow(server));
      t.is(refused.status, 503);
      t.is(refused.$('[role=alert]').text().trim(), CHALLENGE_TEXT.keyUnreadable);
    }
    t.true(server.logs.some((line) => line === `error 2-Step Verification of ${alice.address} refused: a stored secret cannot be decrypted with SECRET_KEY or SECRET_KEY_PREVIOUS `));
    t.false(server.logs.some((line) => /failed/.test(line)), 'no server error');
    // Not one of those was counted as a wrong answer: code entry is not locked.
    const recovered = await browser.submit('/login/verify/recovery', { recoveryCode: 'abcd-efgh-jkmn' });
    t.is(recovered.status, 303);
    t.is(recovered.location, '/mail');
    // Add device pairs a new key of its own, so it never needs the unreadable one.
    await reverify(browser, 'configure');
    const addDevice = await browser.get('/settings/two-step/add-device');
    t.is(addDevice.status, 200);
    t.is(addDevice.$(MAIN_FORM).length, 1);
    const cli = new CliSession({ services: server.app.deps.services, logger: memoryLogger(), peer: null, loggedInAs: 'operator' });
    await cli.handle('UPDATE Domain example.com');
    await cli.handle('UPDATE Account alice');
    t.deepEqual((await cli.handle('SHOW twoFactorCode')).lines, [`-ERR: ${S.keyUnreadable}`]);
  } finally {
    await server.close();
  }
});

test('with the old key in SECRET_KEY_PREVIOUS, codes of keys sealed under it pass the challenge', async (t) => {
  const server = await startTestServer({ secretKeysPrevious: [OTHER_KEY] });
  try {
    const alice = await makeAccount(server, { setting: 'enabled', paired: true });
    await storeSecret(server.testDb.db, { kind: 'account', id: alice.account.id }, createSecretBox(OTHER_KEY).seal(KEY), true, server.clock.now());
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    t.is((await answer(browser, codeNow(server))).location, '/mail');
  } finally {
    await server.close();
  }
});
