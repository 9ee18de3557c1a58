import type { Knex } from 'knex';

/** Named account classes per domain; a null setting inherits the domain's Account Defaults. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('account_classes', (table) => {
    table.increments('id');
    table.integer('domain_id').notNullable().references('id').inTable('domains').onDelete('CASCADE');
    table.string('name', 64).notNullable();
    table.string('two_factor', 10).nullable();
    table.bigInteger('created_at').notNullable();
    table.unique(['domain_id', 'name']);
  });
}

/** Drops the account classes. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('account_classes');
}
