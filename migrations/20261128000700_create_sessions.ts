import type { Knex } from 'knex';

/** Server-side sessions of WebMail and WebAdmin, shared by every instance. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('sessions', (table) => {
    table.string('sid', 64).primary();
    table.string('kind', 8).notNullable();
    table.integer('account_id').nullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.integer('admin_id').nullable().references('id').inTable('admins').onDelete('CASCADE');
    table.text('data').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.index(['expires_at']);
    table.index(['account_id']);
    table.index(['admin_id']);
  });
}

/** Drops the sessions. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('sessions');
}
