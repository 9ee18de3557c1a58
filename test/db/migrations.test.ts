import test from 'ava';
import { createServiceContext } from '../../src/app.js';
import { TestClock } from '../../src/clock.js';
import { migrateDownAll, migrateDownOne, migrateLatest, migrateUpTo } from '../../src/db/migrate.js';
import { findAccount } from '../../src/repos/accounts.js';
import { listSecondFactors } from '../../src/repos/second-factors.js';
import { accountTarget } from '../../src/services/accounts.js';
import { verifySecondFactor } from '../../src/services/challenge.js';
import { testConfig } from '../helpers/config.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { migrations } from '../../migrations/index.js';
import { openEmptyTestDb } from '../helpers/db.js';

const TABLES = ['server_settings', 'domains', 'account_classes', 'accounts', 'admins', 'recovery_codes', 'sessions', 'audit_events', 'messages', 'login_throttles', 'branding_assets', 'mail_outbox', 'app_passwords', 'app_password_addresses', 'trusted_browsers', 'second_factors'];

test('migrations go up, down and up again', async (t) => {
  const { db, destroy } = await openEmptyTestDb();
  try {
    const applied = await migrateLatest(db);
    t.deepEqual(applied, Object.keys(migrations).sort());
    for (const table of TABLES) t.true(await db.schema.hasTable(table), `${table} exists`);
    t.is((await db('server_settings').first()).session_idle_seconds, 1800);

    await migrateDownAll(db);
    for (const table of TABLES) t.false(await db.schema.hasTable(table), `${table} is gone`);

    t.deepEqual(await migrateLatest(db), Object.keys(migrations).sort());
    t.deepEqual(await migrateLatest(db), [], 'nothing left to apply');
  } finally {
    await destroy();
  }
});

test('migration names follow YYYYMMDDHHMMSS_verb_object', (t) => {
  for (const name of Object.keys(migrations)) t.regex(name, /^\d{14}_[a-z]+(_[a-z]+)+$/);
});

test('the grace-period migrations go down and up again keeping accounts, classes and what hangs on them', async (t) => {
  const { db, destroy } = await openEmptyTestDb();
  try {
    await migrateLatest(db);
    const [domain] = await db('domains').insert({ name: 'example.com', two_factor: 'mandatory', two_factor_grace_days: 14, created_at: 1 }).returning('id');
    const domainId = typeof domain === 'object' ? domain.id : domain;
    const [cls] = await db('account_classes').insert({ domain_id: domainId, name: 'staff', two_factor_grace_days: 7, created_at: 1 }).returning('id');
    const classId = typeof cls === 'object' ? cls.id : cls;
    const [account] = await db('accounts').insert({ domain_id: domainId, name: 'alice', password_hash: 'x', class_id: classId, setup_deadline: 5, two_factor_grace_days: 3, created_at: 1 }).returning('id');
    const accountId = typeof account === 'object' ? account.id : account;
    await db('app_passwords').insert({ account_id: accountId, name: 'laptop', hash: 'h', created_at: 1 });
    await migrations['20261204000200_add_accounts_setup_deadline'].down(db);
    await migrations['20261204000100_add_grace_days'].down(db);
    for (const [table, column] of [['accounts', 'setup_deadline'], ['accounts', 'setup_reminded_at'], ['accounts', 'two_factor_grace_days'], ['account_classes', 'two_factor_grace_days'], ['domains', 'two_factor_grace_days']]) {
      t.false(await db.schema.hasColumn(table, column), `${table}.${column} is gone`);
    }
    t.is((await db('accounts').first()).class_id, classId, 'the account keeps its class');
    t.is((await db('app_passwords').where({ account_id: accountId })).length, 1, 'rows that refer to accounts stay');
    await migrations['20261204000100_add_grace_days'].up(db);
    await migrations['20261204000200_add_accounts_setup_deadline'].up(db);
    const back = await db('accounts').first();
    t.is(back.setup_deadline, null);
    t.is(back.two_factor_grace_days, null);
    t.is(Number((await db('domains').first()).two_factor_grace_days), 0, 'the defaults come back as 0 days (at once)');
  } finally {
    await destroy();
  }
});

const BEFORE_DEVICES = '20261204000700_add_drift_history';
const DEVICES = '20261205000100_create_second_factors';

test('second factors as rows: every key moves over unchanged, an account paired before signs in with the same app after, and down puts it back', async (t) => {
  const { db, destroy } = await openEmptyTestDb();
  try {
    await migrateUpTo(db, BEFORE_DEVICES);
    const now = Date.UTC(2026, 11, 1, 9, 0, 0);
    const ctx = createServiceContext(db, new TestClock(now), testConfig());
    const sealed = ctx.secretBox.seal('JBSWY3DPEHPK3PXP');
    const [domain] = await db('domains').insert({ name: 'example.com', two_factor: 'enabled', created_at: 0 }).returning('id');
    const domainId = typeof domain === 'object' ? domain.id : domain;
    const paired = { totp_secret_enc: sealed, totp_configured: true, totp_configured_at: 1000, totp_last_step: Math.floor(now / 30_000) - 1, totp_last_drift: 1, totp_drift_history: '0,1,1', totp_last_success_at: 2000, totp_failures: 2, totp_lock_level: 1, totp_locked_until: null };
    // One row at a time: a multi-row insert on SQLite sets the columns a row leaves out to NULL, not their default.
    await db('accounts').insert({ domain_id: domainId, name: 'alice', password_hash: 'x', created_at: 10, ...paired });
    await db('accounts').insert({ domain_id: domainId, name: 'bob', password_hash: 'x', created_at: 20, totp_secret_enc: sealed, totp_configured: false });
    await db('accounts').insert({ domain_id: domainId, name: 'carol', password_hash: 'x', created_at: 30 });
    await db('admins').insert({ name: 'admin', password_hash: 'x', builtin: true, created_at: 5, totp_secret_enc: sealed, totp_configured: true, totp_configured_at: 6, totp_last_step: 9 });
    const before = await db('accounts').orderBy('name').select('name', 'totp_secret_enc', 'totp_configured', 'totp_configured_at', 'totp_last_step', 'totp_last_drift', 'totp_drift_history');

    await migrateUpTo(db, DEVICES);
    const devices = await db('second_factors').orderBy('id');
    t.is(devices.length, 3, 'alice, bob (not paired) and the admin');
    const alice = await findAccount(db, 'example.com', 'alice');
    t.like(alice!.state, { configured: true, hasKey: true, configuredAt: 1000, lastSuccessAt: 2000, failures: 2, lockLevel: 1 });
    const [device] = await listSecondFactors(db, { kind: 'account', id: alice!.id });
    t.like(device, { kind: 'totp', name: 'Authenticator app', secretSealed: sealed, configured: true, configuredAt: 1000, createdAt: 1000, lastStep: paired.totp_last_step, lastDrift: 1, driftHistory: [0, 1, 1] });
    t.like((await findAccount(db, 'example.com', 'bob'))!.state, { configured: false, hasKey: true });
    t.like((await findAccount(db, 'example.com', 'carol'))!.state, { configured: false, hasKey: false });

    // The same app signs in after the migration; its last accepted code is still refused.
    const target = accountTarget(alice!);
    const actor = { kind: 'user' as const, name: 'alice@example.com', ip: '192.0.2.1' };
    t.like(await verifySecondFactor(ctx, target, { code: referenceTotp('JBSWY3DPEHPK3PXP', now / 1000 - 30) }, actor), { kind: 'replayed' });
    t.like(await verifySecondFactor(ctx, target, { code: referenceTotp('JBSWY3DPEHPK3PXP', now / 1000) }, actor), { kind: 'success' });
    // Back to the migrated values, to see down restore them.
    await db('second_factors').where({ id: device.id }).update({ last_step: paired.totp_last_step, last_drift: 1, drift_history: '0,1,1' });

    await migrateDownOne(db);
    t.false(await db.schema.hasTable('second_factors'));
    const after = await db('accounts').orderBy('name').select('name', 'totp_secret_enc', 'totp_configured', 'totp_configured_at', 'totp_last_step', 'totp_last_drift', 'totp_drift_history');
    const norm = (rows: Record<string, unknown>[]) => rows.map((row) => ({ ...row, totp_configured: Boolean(row.totp_configured), totp_configured_at: row.totp_configured_at === null ? null : Number(row.totp_configured_at), totp_last_step: row.totp_last_step === null ? null : Number(row.totp_last_step) }));
    t.deepEqual(norm(after), norm(before));
    t.like(await db('admins').first('totp_secret_enc', 'totp_last_step'), { totp_secret_enc: sealed });
  } finally {
    await destroy();
  }
});

test('security-key columns: up adds them beside the authenticator apps, down drops them and the keys only, up again', async (t) => {
  const { db, destroy } = await openEmptyTestDb();
  try {
    await migrateUpTo(db, DEVICES);
    const [domain] = await db('domains').insert({ name: 'example.com', two_factor: 'enabled', created_at: 0 }).returning('id');
    const [account] = await db('accounts').insert({ domain_id: typeof domain === 'object' ? domain.id : domain, name: 'alice', password_hash: 'x', created_at: 10 }).returning('id');
    const accountId = typeof account === 'object' ? account.id : account;
    await db('second_factors').insert({ account_id: accountId, kind: 'totp', name: 'Phone', secret_enc: 'sealed', configured: true, created_at: 1 });
    await migrateLatest(db);
    await db('second_factors').insert({ account_id: accountId, kind: 'webauthn', name: 'YubiKey', configured: true, created_at: 2, credential_id: 'abc', public_key: 'pk', sign_count: 7, transports: 'usb', rp_id: 'mail.example.com' });
    const key = await db('second_factors').where({ kind: 'webauthn' }).first();
    t.like({ ...key, sign_count: Number(key.sign_count) }, { credential_id: 'abc', public_key: 'pk', sign_count: 7, transports: 'usb', rp_id: 'mail.example.com' });
    t.is(Number((await db('second_factors').where({ kind: 'totp' }).first()).sign_count), 0, 'an app has no counter');
    await t.throwsAsync(db('second_factors').insert({ account_id: accountId, kind: 'webauthn', name: 'Copy', configured: true, created_at: 3, credential_id: 'abc', public_key: 'pk' }), { any: true }, 'a credential id is registered once');

    await migrateDownOne(db);
    const rows = await db('second_factors').select();
    t.deepEqual(rows.map((row) => row.name), ['Phone']);
    t.false('credential_id' in rows[0]);
    t.deepEqual(await migrateLatest(db), ['20261206000100_add_webauthn_columns']);
  } finally {
    await destroy();
  }
});
