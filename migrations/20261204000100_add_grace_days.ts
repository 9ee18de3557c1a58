import type { Knex } from 'knex';

/**
 * "Days allowed to set up 2-Step Verification" at each level of the chain: the domain's Account
 * Defaults (0 = set up at once), and on classes and accounts (null inherits).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('domains', (table) => {
    table.integer('two_factor_grace_days').notNullable().defaultTo(0);
  });
  await db.schema.alterTable('account_classes', (table) => {
    table.integer('two_factor_grace_days').nullable();
  });
  await db.schema.alterTable('accounts', (table) => {
    table.integer('two_factor_grace_days').nullable();
  });
}

/** Drops the grace-period settings. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.dropColumn('two_factor_grace_days');
  });
  await db.schema.alterTable('account_classes', (table) => {
    table.dropColumn('two_factor_grace_days');
  });
  await db.schema.alterTable('domains', (table) => {
    table.dropColumn('two_factor_grace_days');
  });
}
