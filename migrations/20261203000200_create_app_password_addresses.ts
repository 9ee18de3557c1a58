import type { Knex } from 'knex';

/** The client addresses each app password has signed in from, so the first use from a new one is noticed once. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('app_password_addresses', (table) => {
    table.integer('app_password_id').notNullable().references('id').inTable('app_passwords').onDelete('CASCADE');
    table.string('ip', 45).notNullable();
    table.bigInteger('first_used_at').notNullable();
    table.primary(['app_password_id', 'ip']);
  });
}

/** Drops the addresses. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('app_password_addresses');
}
