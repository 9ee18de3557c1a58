import type { Knex } from 'knex';
import { addBrandingColumns } from './columns/branding.js';

/** The single row of server-wide settings, including the default branding. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('server_settings', (table) => {
    table.integer('id').primary();
    table.integer('session_idle_seconds').notNullable().defaultTo(1800);
    table.integer('session_max_seconds').notNullable().defaultTo(43200);
    table.integer('admin_session_idle_seconds').notNullable().defaultTo(1800);
    table.integer('admin_session_max_seconds').notNullable().defaultTo(28800);
    table.boolean('admin_two_factor_mandatory').notNullable().defaultTo(false);
    addBrandingColumns(table);
  });
  await db('server_settings').insert({ id: 1, branding_name: 'Twostep' });
}

/** Drops the server settings. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('server_settings');
}
