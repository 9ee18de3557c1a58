/**
 * WebAdmin account list over a large domain: seeds BENCH_ACCOUNTS (default 100,000) accounts into a
 * temporary SQLite file (and a fresh PostgreSQL schema when BENCH_DATABASE_URL is set), boots
 * createApp, signs in as admin and times the list page. Run: `npx tsx bench/account-list.ts`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createApp, createServiceContext } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { createDb } from '../src/db/create-db.js';
import { migrateLatest } from '../src/db/migrate.js';
import { memoryLogger } from '../src/logger.js';
import { accountPageQuery } from '../src/repos/accounts.js';
import { findDomainByName } from '../src/repos/domains.js';
import { ensureBuiltinAdmin } from '../src/services/bootstrap.js';
import { openPostgresSchema } from '../test/helpers/db.js';
import { Browser } from '../test/helpers/http.js';
import { BENCH_DOMAIN, benchName, seedAccounts } from './account-list-seed.js';
import { machine, median, percentile } from './lib/stats.js';

const COUNT = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = Number(process.env.BENCH_REQUESTS ?? 50);
const ADMIN_PASSWORD = 'bench-admin-password';
const LIST = `/admin/domains/${BENCH_DOMAIN}/accounts`;

/** The requests timed: the first page, a keyset page from the middle, a search and each state filter. */
const SCENARIOS: [string, string][] = [
  ['first page', LIST],
  ['middle page (keyset)', `${LIST}?after=${benchName(Math.floor(COUNT / 2))}`],
  ['search "0777"', `${LIST}?q=0777`],
  ['state: configured', `${LIST}?state=configured`],
  ['state: enabled, not configured', `${LIST}?state=not_configured`],
  ['state: not enabled', `${LIST}?state=not_enabled`],
  ['state: locked', `${LIST}?state=locked`],
];

interface Target {
  label: string;
  db: Knex;
  destroy(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-bench-'));
  const db = createDb({ kind: 'sqlite', filename: path.join(dir, 'bench.sqlite') });
  return { label: 'SQLite (file, WAL)', db, destroy: async () => { await db.destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function postgresTarget(url: string): Promise<Target> {
  const { db, destroy } = await openPostgresSchema(url, 'bench');
  return { label: 'PostgreSQL', db, destroy };
}

/** The query plans of a keyset page and of a state filter as the app runs them (bound parameters). */
async function plans(db: Knex): Promise<string> {
  const domain = (await findDomainByName(db, BENCH_DOMAIN))!;
  const out: string[] = [];
  for (const query of [{ limit: 51, after: benchName(Math.floor(COUNT / 2)) }, { limit: 51, status: { value: 'configured' as const, now: Date.now() } }]) {
    const native = accountPageQuery(db, domain, query).toSQL();
    if (db.client.config.client === 'pg') {
      out.push(...(await db.raw(`EXPLAIN ANALYZE ${native.sql}`, native.bindings)).rows.map((row: Record<string, string>) => row['QUERY PLAN']));
    } else {
      out.push(...(await db.raw(`EXPLAIN QUERY PLAN ${native.sql}`, native.bindings)).map((row: { detail: string }) => row.detail));
    }
    out.push('');
  }
  return out.join('\n').trim();
}

async function timeRequests(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { cookie } });
    await response.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= 5) times.push(ms);
  }
  return times;
}

async function run(target: Target): Promise<void> {
  const config: Readonly<Config> = Object.freeze({
    ...loadConfig({}, os.tmpdir()),
    appKeys: ['bench-app-key-0123456789abcdef'],
    secretKey: randomBytes(32),
    cliPort: 0,
    passwordCost: { N: 2 ** 10, r: 8, p: 1 },
  });
  await migrateLatest(target.db);
  const services = createServiceContext(target.db, systemClock, config);
  const seeding = Date.now();
  await seedAccounts(target.db, systemClock, services.secretBox, COUNT);
  const seededIn = (Date.now() - seeding) / 1000;
  const app = createApp({ db: target.db, clock: systemClock, config, logger: memoryLogger() });
  await ensureBuiltinAdmin(app.deps.services, ADMIN_PASSWORD);
  const server = http.createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const browser = new Browser(base);
    const signedIn = await browser.submit('/admin/login', { name: 'admin', password: ADMIN_PASSWORD }, 'main form');
    if (signedIn.status !== 303) throw new Error(`admin sign-in answered ${signedIn.status}`);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    console.log(`\n### ${target.label}: ${COUNT.toLocaleString('en')} accounts (seeded in ${seededIn.toFixed(1)} s), ${RUNS} requests each\n`);
    console.log('| Request | median ms | p95 ms |\n|---|---:|---:|');
    for (const [name, url] of SCENARIOS) {
      const times = await timeRequests(base + url, cookie);
      console.log(`| ${name} | ${median(times).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
    }
    console.log(`\nPlans of a keyset page and of a state filter:\n\n\`\`\`\n${await plans(target.db)}\n\`\`\``);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

console.log(`Machine: ${await machine()}; load average before the run ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
for (const make of [async () => sqliteTarget(), ...(process.env.BENCH_DATABASE_URL ? [() => postgresTarget(process.env.BENCH_DATABASE_URL!)] : [])]) {
  const target = await make();
  try {
    await run(target);
  } finally {
    await target.destroy();
  }
}
