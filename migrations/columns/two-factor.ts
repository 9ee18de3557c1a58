import type { Knex } from 'knex';

/** Per-subject 2-Step Verification state, shared by WebMail accounts and WebAdmin admins. */
export function addTwoFactorColumns(table: Knex.CreateTableBuilder): void {
  table.text('totp_secret_enc').nullable();
  table.boolean('totp_configured').notNullable().defaultTo(false);
  table.bigInteger('totp_configured_at').nullable();
  table.bigInteger('totp_last_step').nullable();
  table.integer('totp_last_drift').nullable();
  table.bigInteger('totp_last_success_at').nullable();
  table.integer('totp_failures').notNullable().defaultTo(0);
  table.integer('totp_lock_level').notNullable().defaultTo(0);
  table.bigInteger('totp_locked_until').nullable();
}
