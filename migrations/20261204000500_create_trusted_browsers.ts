import type { Knex } from 'knex';

/**
 * Trusted browsers: a browser where the account's owner chose "Don't ask again" at the challenge.
 * Only the SHA-256 of the random cookie token is kept, with when, from where and which browser.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('trusted_browsers', (table) => {
    table.increments('id');
    table.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.string('token_hash', 64).notNullable().unique();
    table.string('description', 100).notNullable();
    table.string('ip', 45).nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.bigInteger('last_used_at').nullable();
    table.index(['account_id']);
  });
}

/** Drops the trusted browsers. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('trusted_browsers');
}
