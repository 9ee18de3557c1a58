import type { Knex } from 'knex';
import { addTwoFactorColumns } from './columns/two-factor.js';

/** Mail accounts with their settings and 2-Step Verification state. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('accounts', (table) => {
    table.increments('id');
    table.integer('domain_id').notNullable().references('id').inTable('domains').onDelete('CASCADE');
    table.string('name', 64).notNullable();
    table.string('password_hash', 255).notNullable();
    table.string('first_name', 100).notNullable().defaultTo('');
    table.string('last_name', 100).notNullable().defaultTo('');
    table.integer('class_id').nullable().references('id').inTable('account_classes').onDelete('SET NULL');
    table.string('two_factor', 10).nullable();
    addTwoFactorColumns(table);
    table.bigInteger('created_at').notNullable();
    table.unique(['domain_id', 'name']);
    table.index(['class_id']);
  });
}

/** Drops the accounts. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('accounts');
}
