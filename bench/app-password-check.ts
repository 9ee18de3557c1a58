// App-password check through the lookup endpoint Dovecot's Lua passdb asks: latency one at a time
// and a few at a time, checks per second under load, and as the reference in the same run an
// account-password check at the production scrypt cost. Run: npx tsx bench/app-password-check.ts
// (BENCH_RUNS runs of BENCH_SECONDS each per series, BENCH_ACCOUNTS accounts with app passwords).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { OWASP_SCRYPT } from '../src/config.js';
import { groupAppPassword, hashAppPassword, newAppPassword } from '../src/core/app-passwords.js';
import { hashPassword, verifyPassword } from '../src/core/password.js';
import { BENCH_DOMAIN, benchName } from './account-list-seed.js';
import { buildOnce } from './lib/server-process.js';
import { isChallenged, startSeededServer } from './lib/seeded-server.js';
import { machine, median, percentile } from './lib/stats.js';
import { runWrk, type WrkResult } from './lib/wrk.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WITH_APP_PASSWORDS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
/** Every seeded account: about three in ten have 2-Step Verification on, the rest sign in with their password. */
const SEEDED = Math.ceil(WITH_APP_PASSWORDS / 0.25) + 1000;
/** App passwords per account; the check is made with the last, so every one of them is compared. */
const PER_ACCOUNT = 3;
/** Accounts whose own password is checked at the production cost. */
const REFERENCE_ACCOUNTS = 64;
const REFERENCE_PASSWORD = 'reference password 1';
const WEB_PORT = 3213;
const AUTH_PORT = 3214;
const TOKEN = randomBytes(32).toString('base64url');

/** One sign-in Dovecot asks about: a login, what the client sent and the client's address. */
interface Check {
  user: string;
  password: string;
  ip: string;
}

/** A loopback address per account (only a field of the lookup: no traffic goes to it). */
const clientIp = (i: number) => `127.${1 + Math.floor(i / 65_536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

/** Adds PER_ACCOUNT app passwords to the first challenged accounts and answers the checks that use them. */
async function seedAppPasswords(db: Knex, checks: Check[]): Promise<void> {
  const now = Date.now();
  let rows: Record<string, unknown>[] = [];
  const ids = new Map((await db('accounts').select('id', 'name')).map((row) => [row.name as string, Number(row.id)]));
  for (let i = 0; checks.length < WITH_APP_PASSWORDS && i < SEEDED; i++) {
    if (!isChallenged(i)) continue;
    let password = '';
    for (let n = 0; n < PER_ACCOUNT; n++) {
      password = newAppPassword();
      rows.push({ account_id: ids.get(benchName(i)), name: `Device ${n + 1}`, hash: hashAppPassword(password), created_at: now + n });
    }
    checks.push({ user: `${benchName(i)}@${BENCH_DOMAIN}`, password: groupAppPassword(password), ip: clientIp(checks.length) });
    if (rows.length >= 450) {
      await db('app_passwords').insert(rows);
      rows = [];
    }
  }
  if (rows.length) await db('app_passwords').insert(rows);
}

/** Gives REFERENCE_ACCOUNTS accounts without 2-Step Verification a password hashed at the production cost. */
async function seedReference(db: Knex, checks: Check[]): Promise<void> {
  const hash = await hashPassword(REFERENCE_PASSWORD, OWASP_SCRYPT);
  // The i-th seeded account with i % 10 === 4 has no key, no class and no setting of its own: its password signs in.
  for (let i = 4; checks.length < REFERENCE_ACCOUNTS; i += 10) {
    await db('accounts').where({ name: benchName(i) }).update({ password_hash: hash });
    checks.push({ user: `${benchName(i)}@${BENCH_DOMAIN}`, password: REFERENCE_PASSWORD, ip: clientIp(100_000 + checks.length) });
  }
}

const form = (check: Check) => new URLSearchParams({ user: check.user, password: check.password, service: 'imap', remote_ip: check.ip, master: '0' }).toString();

/** A wrk script posting the checks at random, counting every answer that is not `result=ok`. */
function wrkScript(checks: Check[], name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-wrk-')), `${name}.lua`);
  fs.writeFileSync(
    file,
    `local bodies = {${checks.map((check) => `"${form(check)}"`).join(',\n')}}
local threads = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Bearer ${TOKEN}"
function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0 end
request = function() return wrk.format(nil, "/dovecot/passdb", nil, bodies[math.random(#bodies)]) end
function response(status, headers, body) if not string.find(body, "result=ok", 1, true) then refused = refused + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("refused") end
  io.write("REFUSED " .. n .. "\\n")
end
`,
  );
  return file;
}

/** Asks the endpoint once for `check`; throws unless it lets the client in. */
async function checkOnce(base: string, check: Check): Promise<void> {
  const response = await fetch(`${base}/dovecot/passdb`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` },
    body: form(check),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('result=ok')) throw new Error(`${check.user} answered ${response.status} ${text.trim()}`);
}

/** One wrk run with the CPU time the server spent per check in it (ms), which a busy machine disturbs far less than the latency. */
interface Run extends WrkResult {
  cpuPerCheckMs: number;
}

/** RUNS wrk runs of `script` at `connections`; throws when any answer was not `result=ok`. */
async function series(base: string, script: string, connections: number): Promise<Run[]> {
  const runs: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = server.cpuMs();
    // A long timeout: a slow scrypt check on a busy machine still counts, rather than dropping out of the figures.
    const result = await runWrk(base, { threads: Math.min(2, connections), connections, seconds: SECONDS, script, timeoutSeconds: 60 });
    const cpu = server.cpuMs() - cpuBefore;
    const refused = Number(result.output.match(/REFUSED (\d+)/)?.[1] ?? NaN);
    const checks = Number(result.output.match(/(\d+) requests in/)?.[1] ?? NaN);
    const timeouts = Number(result.output.match(/timeout (\d+)/)?.[1] ?? 0);
    if (result.non2xx > 0 || refused !== 0 || timeouts > 0 || !(checks > 0)) {
      throw new Error(`${checks} checks: ${result.non2xx} non-2xx, ${refused} refused, ${timeouts} timed out at ${connections} connections`);
    }
    runs.push({ ...result, cpuPerCheckMs: cpu / checks });
  }
  return runs;
}

function report(label: string, runs: Run[]): void {
  const rates = runs.map((r) => r.requestsPerSecond);
  const p50s = runs.map((r) => r.latencyP50Ms);
  const cpu = runs.map((r) => r.cpuPerCheckMs);
  console.log(
    `| ${label} | ${Math.round(median(rates)).toLocaleString('en')} (${rates.map(Math.round).join(', ')}) | ${median(p50s).toFixed(2)} (${p50s.map((v) => v.toFixed(2)).join(', ')}) | ${median(runs.map((r) => r.latencyP99Ms)).toFixed(2)} | ${median(cpu).toFixed(2)} (${cpu.map((v) => v.toFixed(2)).join(', ')}) |`,
  );
}

/** Time of verifying the reference password in this process, one at a time, in ms. */
async function scryptCost(samples: number): Promise<number[]> {
  const hash = await hashPassword(REFERENCE_PASSWORD, OWASP_SCRYPT);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    if (!(await verifyPassword(REFERENCE_PASSWORD, hash))) throw new Error('the reference hash did not verify');
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

console.log(`Machine: ${await machine()}`);
buildOnce();
const appChecks: Check[] = [];
const referenceChecks: Check[] = [];
const server = await startSeededServer(SEEDED, WEB_PORT, {
  env: { MAIL_AUTH_PORT: String(AUTH_PORT), MAIL_AUTH_TOKEN: TOKEN },
  // BENCH_PROFILE=<folder> profiles the server with Node's --cpu-prof (written there when it stops).
  nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  seed: async (db) => {
    await seedAppPasswords(db, appChecks);
    await seedReference(db, referenceChecks);
  },
});
const base = `http://127.0.0.1:${AUTH_PORT}`;
try {
  // The first use from each address writes its audit record and notice: done once, before timing.
  for (const check of [...appChecks, ...referenceChecks]) await checkOnce(base, check);
  const appScript = wrkScript(appChecks, 'app');
  const referenceScript = wrkScript(referenceChecks, 'reference');
  console.log(`\n${SEEDED.toLocaleString('en')} accounts; ${appChecks.length.toLocaleString('en')} with ${PER_ACCOUNT} app passwords each; wrk, ${RUNS} runs of ${SECONDS} s per row\n`);
  console.log('| Series | checks/s (runs) | p50 ms (runs) | p99 ms | server CPU ms per check (runs) |\n|---|---:|---:|---:|---:|');
  for (const connections of [1, 4, 32]) report(`app password, ${connections} at a time`, await series(base, appScript, connections));
  for (const connections of [1, 8]) report(`account password (scrypt N=2^17, r=8, p=1), ${connections} at a time`, await series(base, referenceScript, connections));
  const scrypt = await scryptCost(10);
  console.log(`\nscrypt N=2^17, r=8, p=1 verify in the benchmark process, one at a time: p50 ${percentile(scrypt, 50).toFixed(1)} ms (min ${Math.min(...scrypt).toFixed(1)}, max ${Math.max(...scrypt).toFixed(1)})`);
} finally {
  await server.cleanup();
}
