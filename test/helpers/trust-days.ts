import type { Knex } from 'knex';

/** Sets "Allow trusting a browser for N days" on every domain's Account Defaults, as the tests of trust need it. */
export async function allowTrustDays(db: Knex, days: number): Promise<void> {
  await db('domains').update({ two_factor_trust_days: days });
}
