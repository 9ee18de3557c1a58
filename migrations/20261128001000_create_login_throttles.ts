import type { Knex } from 'knex';

/** Failure counters keyed by what failed and for whom (account or client address). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('login_throttles', (table) => {
    table.string('key', 400).primary();
    table.integer('failures').notNullable().defaultTo(0);
    table.bigInteger('first_failure_at').notNullable();
    table.bigInteger('blocked_until').nullable();
    table.bigInteger('updated_at').notNullable();
  });
}

/** Drops the failure counters. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('login_throttles');
}
