import type { Knex } from 'knex';
import { addTwoFactorColumns } from './columns/two-factor.js';

/** WebAdmin users (the built-in `admin` and others) with their own 2-Step Verification state. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('admins', (table) => {
    table.increments('id');
    table.string('name', 64).notNullable().unique();
    table.string('password_hash', 255).notNullable();
    table.boolean('builtin').notNullable().defaultTo(false);
    addTwoFactorColumns(table);
    table.bigInteger('created_at').notNullable();
  });
}

/** Drops the admins. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('admins');
}
