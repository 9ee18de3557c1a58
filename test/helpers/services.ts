import { createServiceContext } from '../../src/app.js';
import { TestClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Actor } from '../../src/repos/audit.js';
import type { ServiceContext } from '../../src/services/context.js';
import { testConfig } from './config.js';
import { openTestDb, type TestDb } from './db.js';

/** An actor for tests that change things. */
export const TEST_ADMIN: Actor = { kind: 'admin', name: 'admin', ip: '192.0.2.10' };

/** A service context over a fresh migrated database and a test clock. */
export async function openServices(overrides: Partial<Config> = {}): Promise<{ ctx: ServiceContext; clock: TestClock; testDb: TestDb }> {
  const testDb = await openTestDb();
  const clock = new TestClock();
  const ctx = createServiceContext(testDb.db, clock, testConfig(overrides));
  return { ctx, clock, testDb };
}
