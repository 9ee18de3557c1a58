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
