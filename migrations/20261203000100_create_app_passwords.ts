import type { Knex } from 'knex';

/**
 * App passwords: what a mail client (IMAP, POP3, SMTP) signs in with once 2-Step Verification is on.
 * Only a salted hash is kept; the last use says when, from which address and over which protocol.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('app_passwords', (table) => {
    table.increments('id');
    table.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.string('name', 64).notNullable();
    table.string('hash', 100).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('last_used_at').nullable();
    table.string('last_used_ip', 45).nullable();
    table.string('last_used_protocol', 32).nullable();
    table.unique(['account_id', 'name']);
  });
}

/** Drops the app passwords. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('app_passwords');
}
