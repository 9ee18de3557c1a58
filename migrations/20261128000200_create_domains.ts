import type { Knex } from 'knex';
import { addBrandingColumns } from './columns/branding.js';

/** Domains, with their Account Defaults restriction and branding. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('domains', (table) => {
    table.increments('id');
    table.string('name', 253).notNullable().unique();
    table.string('two_factor', 10).notNullable().defaultTo('disabled');
    table.text('webmail_hosts').nullable();
    addBrandingColumns(table);
    table.bigInteger('created_at').notNullable();
  });
}

/** Drops the domains. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('domains');
}
