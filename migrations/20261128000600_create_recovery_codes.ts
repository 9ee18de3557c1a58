import type { Knex } from 'knex';

/** Single-use recovery codes, stored hashed, for an account or an admin. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recovery_codes', (table) => {
    table.increments('id');
    table.integer('account_id').nullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.integer('admin_id').nullable().references('id').inTable('admins').onDelete('CASCADE');
    table.string('code_hash', 64).notNullable();
    table.bigInteger('used_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.index(['account_id']);
    table.index(['admin_id']);
  });
}

/** Drops the recovery codes. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recovery_codes');
}
