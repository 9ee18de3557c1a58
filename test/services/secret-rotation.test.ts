import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createServiceContext } from '../../src/app.js';
import { TestClock } from '../../src/clock.js';
import { createSecretBox, SecretUnreadableError } from '../../src/core/secret-box.js';
import { createDb } from '../../src/db/create-db.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { findAdminByName } from '../../src/repos/admins.js';
import { sealedSecretsOf } from '../../src/repos/sealed-secrets.js';
import { saveSession } from '../../src/repos/sessions.js';
import { storeSecret } from '../../src/repos/two-factor.js';
import { accountCurrentCode, createAccount, requireAccount } from '../../src/services/accounts.js';
import { ensureBuiltinAdmin } from '../../src/services/bootstrap.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { rotateSecrets } from '../../src/services/secret-rotation.js';
import { testConfig } from '../helpers/config.js';
import { openTestDb } from '../helpers/db.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { runProcess, type Run } from '../helpers/run.js';
import { TEST_ADMIN } from '../helpers/services.js';

const [OLD, NEW, OTHER] = [1, 2, 3].map((byte) => Buffer.alloc(32, byte));
const KEY = 'JBSWY3DPEHPK3PXP';

/** Services over `db` with SECRET_KEY `key` and SECRET_KEY_PREVIOUS `previous`. */
function servicesWith(db: ServiceContext['db'], clock: TestClock, key: Buffer, previous: Buffer[] = []): ServiceContext {
  return createServiceContext(db, clock, testConfig({ secretKey: key, secretKeysPrevious: previous }));
}

/** alice@example.com with a provisioned key and the built-in admin with a key, both sealed under `key`. */
async function seed(ctx: ServiceContext): Promise<void> {
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-pass-1');
  await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: KEY },
  ]);
  await ensureBuiltinAdmin(ctx, 'admin-password-1');
  const admin = (await findAdminByName(ctx.db, 'admin'))!;
  await storeSecret(ctx.db, { kind: 'admin', id: admin.id }, ctx.secretBox.seal('KRSXG5CTMVRXEZLU'), true, ctx.clock.now());
}

test('rotation re-encrypts every stored secret with the new key, sealed values in sessions too; the old key is then not needed', async (t) => {
  const testDb = await openTestDb();
  const clock = new TestClock();
  try {
    const before = servicesWith(testDb.db, clock, OLD);
    await seed(before);
    const pairing = before.secretBox.seal('MFRGGZDFMZTWQ2LK');
    await saveSession(testDb.db, { sid: 's1', kind: 'webmail', accountId: null, adminId: null, data: { pairing: { sealed: pairing }, stage: 'full' }, expiresAt: clock.now() + 60_000 });
    const stray = createSecretBox(OTHER).seal('stray');
    await saveSession(testDb.db, { sid: 's2', kind: 'admin', accountId: null, adminId: null, data: { freshCodes: stray }, expiresAt: clock.now() + 60_000 });

    const during = servicesWith(testDb.db, clock, NEW, [OLD]);
    const count = await rotateSecrets(during);
    t.deepEqual(count, { secrets: { accounts: 1, admins: 1 }, sessionValues: 1, sessionValuesUnreadable: 1 });

    const after = servicesWith(testDb.db, clock, NEW);
    const alice = await requireAccount(after, await requireDomain(after, 'example.com'), 'alice');
    t.is(await accountCurrentCode(after, alice), referenceTotp(KEY, Math.floor(clock.now() / 1000)));
    const admins = await sealedSecretsOf(testDb.db, 'admins');
    t.is(after.secretBox.open(admins[0].sealed), 'KRSXG5CTMVRXEZLU');
    t.throws(() => before.secretBox.open(admins[0].sealed), { instanceOf: SecretUnreadableError }, 'sealed with the new key only');
    const row = await testDb.db('sessions').where({ sid: 's1' }).first();
    const data = JSON.parse(row.data) as { pairing: { sealed: string }; stage: string };
    t.not(data.pairing.sealed, pairing);
    t.is(after.secretBox.open(data.pairing.sealed), 'MFRGGZDFMZTWQ2LK');
    t.is(data.stage, 'full');
    t.is(JSON.parse((await testDb.db('sessions').where({ sid: 's2' }).first()).data).freshCodes, stray, 'what no key opens is left');
  } finally {
    await testDb.destroy();
  }
});

test('rotation with a secret no key opens changes nothing: one transaction, refused naming the rows', async (t) => {
  const testDb = await openTestDb();
  const clock = new TestClock();
  try {
    await seed(servicesWith(testDb.db, clock, OLD));
    const admin = (await findAdminByName(testDb.db, 'admin'))!;
    // The admin's key was sealed under a key nobody configured any more.
    await storeSecret(testDb.db, { kind: 'admin', id: admin.id }, createSecretBox(OTHER).seal('KRSXG5CTMVRXEZLU'), true, clock.now());
    const stored = { accounts: await sealedSecretsOf(testDb.db, 'accounts'), admins: await sealedSecretsOf(testDb.db, 'admins') };
    const err = await t.throwsAsync(rotateSecrets(servicesWith(testDb.db, clock, NEW, [OLD])), { instanceOf: ServiceError });
    t.regex(err!.message, new RegExp(`^1 stored secret\\(s\\) cannot be decrypted .*\\(admins #${admin.id}\\).*Nothing was changed`));
    t.deepEqual({ accounts: await sealedSecretsOf(testDb.db, 'accounts'), admins: await sealedSecretsOf(testDb.db, 'admins') }, stored);
  } finally {
    await testDb.destroy();
  }
});

function rotate(env: NodeJS.ProcessEnv): Promise<Run> {
  return runProcess(process.execPath, ['--import', 'tsx', 'src/rotate-secrets-cli.ts'], env);
}

test('npm run rotate-secrets prints what it re-encrypted; a wrong previous key is refused with exit code 1', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-rotate-'));
  const file = path.join(dir, 'twostep.sqlite');
  const db = createDb({ kind: 'sqlite', filename: file });
  try {
    await migrateLatest(db);
    await seed(servicesWith(db, new TestClock(), OLD));
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: file, APP_KEYS: 'app-key-0123456789abcdef', SECRET_KEY: NEW.toString('hex') };
    const refused = await rotate({ ...env, SECRET_KEY_PREVIOUS: OTHER.toString('hex') });
    t.is(refused.code, 1);
    t.regex(refused.stderr, /^Rotation refused: 2 stored secret\(s\) cannot be decrypted with SECRET_KEY or SECRET_KEY_PREVIOUS \(accounts #\d+, admins #\d+\); add the key they were stored with to SECRET_KEY_PREVIOUS\. Nothing was changed\.\n$/);
    const done = await rotate({ ...env, SECRET_KEY_PREVIOUS: `${OTHER.toString('hex')},${OLD.toString('hex')}` });
    t.is(done.stderr, '');
    t.is(done.stdout, 'Re-encrypted 2 stored secret(s) with SECRET_KEY (1 of accounts, 1 of administrators) and 0 value(s) kept in sessions.\n');
    t.is(done.code, 0);
    const [alice] = await sealedSecretsOf(db, 'accounts');
    t.is(createSecretBox(NEW).open(alice.sealed), KEY);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
