import test from 'ava';
import { migrateDownAll, migrateLatest } from '../../src/db/migrate.js';
import { migrations } from '../../migrations/index.js';
import { openEmptyTestDb } from '../helpers/db.js';

const TABLES = ['server_settings', 'domains', 'account_classes', 'accounts', 'admins', 'recovery_codes', 'sessions', 'audit_events', 'messages', 'login_throttles', 'branding_assets', 'mail_outbox', 'app_passwords', 'app_password_addresses', 'trusted_browsers'];

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
