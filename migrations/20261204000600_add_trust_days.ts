import type { Knex } from 'knex';

/**
 * "Allow trusting a browser for N days" at each level of the chain: the domain's Account Defaults
 * (0 = off), and on classes and accounts (null inherits).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('domains', (table) => {
    table.integer('two_factor_trust_days').notNullable().defaultTo(0);
  });
  await db.schema.alterTable('account_classes', (table) => {
    table.integer('two_factor_trust_days').nullable();
  });
  await db.schema.alterTable('accounts', (table) => {
    table.integer('two_factor_trust_days').nullable();
  });
}

/** Drops the trusted-browser settings. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.dropColumn('two_factor_trust_days');
  });
  await db.schema.alterTable('account_classes', (table) => {
    table.dropColumn('two_factor_trust_days');
  });
  await db.schema.alterTable('domains', (table) => {
    table.dropColumn('two_factor_trust_days');
  });
}
