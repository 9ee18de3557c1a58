import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { createServiceContext } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { createDb } from '../../src/db/create-db.js';
import { migrateLatest } from '../../src/db/migrate.js';
import type { ServiceContext } from '../../src/services/context.js';
import { testConfig } from './config.js';

const INSTANCE_SCRIPT = fileURLToPath(new URL('./app-instance.ts', import.meta.url));

/** Several app instances, each its own process with its own connections, over one database. */
export interface AppCluster {
  kind: 'sqlite' | 'postgres';
  /** Base URLs of the instances. */
  urls: string[];
  /** Base URLs of their mail-server lookup endpoints (when started with a mail token). */
  mailAuthUrls: string[];
  /** Services of the test itself over the same database (real clock, the instances' keys). */
  ctx: ServiceContext;
  db: Knex;
  close(): Promise<void>;
}

function startInstance(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; mailAuthUrl: string | null }> {
  const child = spawn(process.execPath, ['--import=tsx', INSTANCE_SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      const mailAuth = /mail-auth (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}`, mailAuthUrl: mailAuth ? `http://127.0.0.1:${mailAuth[1]}` : null });
    });
    child.once('exit', (code) => reject(new Error(`app instance exited with ${code} before listening`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts `count` app instances in their own processes over one migrated database: a SQLite file
 * (each process its own connection, so SQLite really arbitrates between them), or a fresh schema
 * of TEST_DATABASE_URL. With `mailAuthToken` each also serves the mail-server lookup endpoint.
 */
export async function startAppCluster(count = 2, options: { mailAuthToken?: string } = {}): Promise<AppCluster> {
  const url = process.env.TEST_DATABASE_URL;
  let db: Knex;
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void>;
  if (url) {
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    const schema = `c_${randomBytes(6).toString('hex')}`;
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    db = knex({ client: 'pg', connection: url, searchPath: [schema], pool: { min: 0, max: 4 } });
    env = { TWOSTEP_TEST_PG_URL: url, TWOSTEP_TEST_PG_SCHEMA: schema };
    dropDatabase = async () => {
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-cluster-'));
    const filename = path.join(dir, 'twostep.sqlite');
    db = createDb({ kind: 'sqlite', filename });
    env = { TWOSTEP_TEST_SQLITE: filename };
    dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrateLatest(db);
  if (options.mailAuthToken) env.TWOSTEP_TEST_MAIL_AUTH_TOKEN = options.mailAuthToken;
  const instances = await Promise.all(Array.from({ length: count }, () => startInstance(env)));
  return {
    kind: url ? 'postgres' : 'sqlite',
    urls: instances.map((one) => one.url),
    mailAuthUrls: instances.flatMap((one) => (one.mailAuthUrl ? [one.mailAuthUrl] : [])),
    ctx: createServiceContext(db, systemClock, testConfig()),
    db,
    async close() {
      await Promise.all(instances.map((one) => stop(one.child)));
      await db.destroy();
      await dropDatabase();
    },
  };
}
