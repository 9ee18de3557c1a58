import test from 'ava';
import { listAudit } from '../../src/repos/audit.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { createAccount, requireAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { accountPairingTarget } from '../../src/services/pairing.js';
import { finishKeyRegistration, startKeyRegistration } from '../../src/services/security-keys.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { openCli } from './helpers.js';

test('LIST SecurityMethods shows a security key as webauthn beside the app, and REVOKE securityMethod <id> removes it at COMMIT as the CLI user', async (t) => {
  const cli = await openCli(t);
  try {
    const domain = await createDomain(cli.ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    await createAccount(cli.ctx, TEST_ADMIN, domain, { name: 'alice', password: 'correct horse' }, [
      { op: 'setTwoFactor', value: 'enabled' },
      { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP', name: 'Phone' },
    ]);
    const target = await accountPairingTarget(cli.ctx, await requireAccount(cli.ctx, domain, 'alice'));
    const place = { rpId: 'mail.example.com', origin: 'https://mail.example.com', rpName: 'Twostep' };
    const { options, pending } = await startKeyRegistration(cli.ctx, target, place);
    await finishKeyRegistration(cli.ctx, TEST_ADMIN, target, pending, place, 'YubiKey', new SoftAuthenticator().register(options.challenge, place));
    const [app, key] = await listSecondFactors(cli.ctx.db, target.subject);
    await cli.login();
    await cli.script('UPDATE Domain example.com', 'UPDATE Account alice');
    const listed = (await cli.ok('LIST SecurityMethods')).lines;
    t.regex(listed[2], new RegExp(`^${app.id} +totp +Phone +configured`));
    t.regex(listed[3], new RegExp(`^${key.id} +webauthn +YubiKey +configured`));
    t.regex((await cli.ok('SHOW twoFactorCode')).lines[0], /^twoFactorCode = \d{6}$/, "the app's code alone: a key has none");
    await cli.ok(`REVOKE securityMethod ${key.id}`);
    await cli.ok('COMMIT');
    t.deepEqual((await listSecondFactors(cli.ctx.db, target.subject)).map((one) => one.name), ['Phone']);
    const [event] = await listAudit(cli.ctx.db, { event: 'device.removed', limit: 1 });
    t.like(event, { actor: { kind: 'cli', name: 'admin' }, detail: `device "YubiKey" (#${key.id})` });
  } finally {
    await cli.testDb.destroy();
  }
});
