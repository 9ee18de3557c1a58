import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { systemClock } from '../../src/clock.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { createDb } from '../../src/db/create-db.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { BENCH_DOMAIN, benchName, seedAccounts } from '../account-list-seed.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Password of every seeded account (stored with a cheap hash so the figures show the server, not scrypt). */
export const BENCH_PASSWORD = 'bench password';

/** A built server over a SQLite file seeded with `count` accounts of `bench.example`. */
export interface SeededServer extends ServerProcess {
  /** Addresses of seeded accounts whose login is challenged (configured, not disabled, not locked). */
  challenged(count: number, offset?: number): string[];
  cleanup(): Promise<void>;
}

/** True when the i-th seeded account is configured and its login is challenged (see account-list-seed.ts). */
export function isChallenged(i: number): boolean {
  return i % 10 < 3 && i % 20 !== 1;
}

/** What a benchmark adds to the seeded server: more environment, Node flags, and more rows before it starts. */
export interface SeedExtras {
  env?: Record<string, string>;
  nodeArgs?: string[];
  seed?: (db: Knex) => Promise<void>;
}

/** Seeds a fresh SQLite file with `count` accounts (and the extras' rows) and starts the build on it at `port`. */
export async function startSeededServer(count: number, port: number, extras: SeedExtras = {}): Promise<SeededServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-bench-'));
  const secretKey = randomBytes(32);
  const file = path.join(dir, 'bench.sqlite');
  const db = createDb({ kind: 'sqlite', filename: file });
  await migrateLatest(db);
  await seedAccounts(db, systemClock, createSecretBox(secretKey), count);
  await extras.seed?.(db);
  await db.destroy();
  const server = await startServerProcess(
    {
      DATA_DIR: dir,
      DATABASE_URL: file,
      SECRET_KEY: secretKey.toString('hex'),
      APP_KEYS: randomBytes(24).toString('hex'),
      ADMIN_PASSWORD: 'bench-admin-password',
      ...extras.env,
    },
    port,
    extras.nodeArgs,
  );
  return {
    ...server,
    challenged(wanted, offset = 0) {
      const out: string[] = [];
      for (let i = offset; out.length < wanted && i < count; i++) if (isChallenged(i)) out.push(`${benchName(i)}@${BENCH_DOMAIN}`);
      return out;
    },
    async cleanup() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
