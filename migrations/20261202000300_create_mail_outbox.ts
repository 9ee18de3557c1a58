import type { Knex } from 'knex';

/**
 * Messages the product writes (security notices, the welcome message) waiting to be put in a
 * mailbox on the mail server: written in the same transaction as the change they tell about,
 * removed once delivered, retried later while the mail server is away.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('mail_outbox', (table) => {
    table.increments('id');
    table.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.string('sender', 320).notNullable();
    table.string('subject', 300).notNullable();
    table.text('body').notNullable();
    table.string('kind', 16).notNullable();
    table.bigInteger('created_at').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').notNullable();
    table.bigInteger('claimed_until').nullable();
    table.text('last_error').nullable();
    table.index(['next_attempt_at']);
  });
}

/** Drops the outbox. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('mail_outbox');
}
