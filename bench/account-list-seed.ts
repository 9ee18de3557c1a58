import type { Knex } from 'knex';
import type { Clock } from '../src/clock.js';
import { hashPassword } from '../src/core/password.js';
import type { SecretBox } from '../src/core/secret-box.js';
import { insertAccountClass, setAccountClassTwoFactor } from '../src/repos/account-classes.js';
import { insertDomain, updateDomain } from '../src/repos/domains.js';

/** The domain the benchmark fills. */
export const BENCH_DOMAIN = 'bench.example';

/** Accounts per INSERT: well under SQLite's limit of bound variables. */
const BATCH = 500;

/** The name of the i-th seeded account; names sort in seeding order. */
export function benchName(i: number): string {
  return `user${String(i).padStart(7, '0')}`;
}

/**
 * Fills `bench.example` with `count` accounts in batches: a fifth inherit class `staff`
 * (mandatory), one in twenty class `guests` (disabled), one in ten has an explicit setting, three
 * in ten are configured and one in two hundred is locked. Every account shares one cheap password
 * hash and one sealed key, so seeding measures the database, not scrypt or AES.
 */
export async function seedAccounts(db: Knex, clock: Clock, secretBox: SecretBox, count: number): Promise<void> {
  const now = clock.now();
  const domainId = await insertDomain(db, BENCH_DOMAIN, now);
  await updateDomain(db, domainId, { twoFactor: 'enabled' });
  const staff = await insertAccountClass(db, domainId, 'staff', now);
  await setAccountClassTwoFactor(db, staff, 'mandatory');
  const guests = await insertAccountClass(db, domainId, 'guests', now);
  await setAccountClassTwoFactor(db, guests, 'disabled');
  const passwordHash = await hashPassword('bench password', { N: 2 ** 10, r: 8, p: 1 });
  const sealed = secretBox.seal('JBSWY3DPEHPK3PXP');
  const explicit = ['disabled', 'enabled', 'mandatory'] as const;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      rows.push({
        domain_id: domainId,
        name: benchName(i),
        password_hash: passwordHash,
        first_name: `First${i % 997}`,
        last_name: `Last${i % 991}`,
        class_id: i % 5 === 0 ? staff : i % 20 === 1 ? guests : null,
        two_factor: i % 10 === 7 ? explicit[i % 3] : null,
        totp_locked_until: i % 200 === 3 ? now + 24 * 60 * 60 * 1000 : null,
        totp_lock_level: i % 200 === 3 ? 1 : 0,
        created_at: now,
      });
    }
    const ids: { id: number }[] = await db('accounts').insert(rows).returning('id');
    // One paired authenticator app for three accounts in ten.
    const devices = ids.map((row) => Number(typeof row === 'object' ? row.id : row)).filter((_, k) => (start + k) % 10 < 3);
    if (devices.length) {
      await db('second_factors').insert(devices.map((account_id) => ({ account_id, kind: 'totp', name: 'Authenticator app', secret_enc: sealed, configured: true, configured_at: now, created_at: now })));
    }
  }
  // Fresh statistics, as a running server's database would have.
  await db.raw('ANALYZE');
}
