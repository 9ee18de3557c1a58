import type { Knex } from 'knex';

/** The name a key paired before devices had names is listed under. */
export const MIGRATED_DEVICE_NAME = 'Authenticator app';

const OWNERS = [
  { table: 'accounts', owner: 'account_id' },
  { table: 'admins', owner: 'admin_id' },
] as const;

/** The per-key columns that move from accounts and admins into second_factors. */
const MOVED = ['totp_secret_enc', 'totp_configured', 'totp_configured_at', 'totp_last_step', 'totp_last_drift', 'totp_drift_history'] as const;

/**
 * Second factors as rows: each of an account's or admin's authenticator apps with its own name, sealed
 * secret and replay guard (last step, drift). Every stored key moves over unchanged, as one device;
 * lockout counters and the last success stay with the account or admin.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('second_factors', (table) => {
    table.increments('id');
    table.integer('account_id').nullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.integer('admin_id').nullable().references('id').inTable('admins').onDelete('CASCADE');
    table.string('kind', 16).notNullable();
    table.string('name', 64).notNullable();
    table.text('secret_enc').nullable();
    table.boolean('configured').notNullable().defaultTo(false);
    table.bigInteger('configured_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('last_used_at').nullable();
    table.bigInteger('last_step').nullable();
    table.integer('last_drift').nullable();
    table.string('drift_history', 100).nullable();
    table.index(['account_id']);
    table.index(['admin_id']);
  });
  for (const { table, owner } of OWNERS) {
    await db.raw(
      `INSERT INTO second_factors (${owner}, kind, name, secret_enc, configured, configured_at, created_at, last_used_at, last_step, last_drift, drift_history)
       SELECT id, 'totp', ?, totp_secret_enc, totp_configured, totp_configured_at, COALESCE(totp_configured_at, created_at),
              CASE WHEN totp_last_step IS NULL THEN NULL ELSE totp_last_success_at END, totp_last_step, totp_last_drift, totp_drift_history
       FROM ${table} WHERE totp_secret_enc IS NOT NULL ORDER BY id`,
      [MIGRATED_DEVICE_NAME],
    );
    // Plain DROP COLUMN on both databases: knex's SQLite fallback copies the table, and dropping the old copy would cascade.
    for (const column of MOVED) await db.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}

/** Puts each account's and admin's first device (a configured one first) back into its columns, and drops second_factors. */
export async function down(db: Knex): Promise<void> {
  for (const { table, owner } of OWNERS) {
    await db.schema.alterTable(table, (t) => {
      t.text('totp_secret_enc').nullable();
      t.boolean('totp_configured').notNullable().defaultTo(false);
      t.bigInteger('totp_configured_at').nullable();
      t.bigInteger('totp_last_step').nullable();
      t.integer('totp_last_drift').nullable();
      t.string('totp_drift_history', 100).nullable();
    });
    const first = (column: string) =>
      `(SELECT f.${column} FROM second_factors f WHERE f.${owner} = ${table}.id AND f.kind = 'totp' ORDER BY f.configured DESC, f.id LIMIT 1)`;
    await db.raw(
      `UPDATE ${table} SET totp_secret_enc = ${first('secret_enc')}, totp_configured = COALESCE(${first('configured')}, ?),
       totp_configured_at = ${first('configured_at')}, totp_last_step = ${first('last_step')}, totp_last_drift = ${first('last_drift')},
       totp_drift_history = ${first('drift_history')}
       WHERE EXISTS (SELECT 1 FROM second_factors f WHERE f.${owner} = ${table}.id AND f.kind = 'totp')`,
      [false],
    );
  }
  await db.schema.dropTable('second_factors');
}
