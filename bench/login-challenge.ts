// Login and challenge benchmark: throughput of GET /login, latency of the code POST, page weight of
// the login and challenge pages, and resident memory under a 60 s load. Run: npx tsx bench/login-challenge.ts
import { chromiumPath } from '../test/browser/helpers/chromium.js';
import { pageWeight } from './lib/page-weight.js';
import { runWrk } from './lib/wrk.js';
import { buildOnce } from './lib/server-process.js';
import { startSeededServer } from './lib/seeded-server.js';
import { pendingLogin, pool, postCode } from './lib/sessions.js';
import { machine, median, percentile } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CODE_POSTS = Number(process.env.BENCH_CODE_POSTS ?? 1000);
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);

/** Signs every address in (not timed), then posts their codes `concurrency` at a time; answers latencies and the rate. */
async function codePostRun(base: string, addresses: string[], concurrency: number): Promise<{ times: number[]; perSecond: number }> {
  const logins = await pool(addresses, 8, (address) => pendingLogin(base, address));
  const started = process.hrtime.bigint();
  const times = await pool(logins, concurrency, postCode);
  return { times, perSecond: times.length / (Number(process.hrtime.bigint() - started) / 1e9) };
}

console.log(`Machine: ${await machine()}`);
buildOnce();
const accounts = Math.max(10_000, Math.ceil((CODE_POSTS * RUNS * 2) / 0.25) + 1000);
const server = await startSeededServer(accounts, 3211);
try {
  const login = [];
  for (let run = 0; run < RUNS; run++) login.push(await runWrk(`${server.url}/login`, { seconds: 10 }));
  console.log('\n### GET /login (wrk, 2 threads, 32 connections, 10 s per run)\n');
  console.log(`runs: ${login.map((r) => Math.round(r.requestsPerSecond)).join(', ')} requests/s`);
  console.log(`median: ${Math.round(median(login.map((r) => r.requestsPerSecond)))} requests/s, p50 latency ${median(login.map((r) => r.latencyP50Ms)).toFixed(2)} ms, p99 ${median(login.map((r) => r.latencyP99Ms)).toFixed(2)} ms, non-2xx ${login.reduce((n, r) => n + r.non2xx, 0)}`);

  const challenged = server.challenged(CODE_POSTS * RUNS * 2);
  let used = 0;
  for (const concurrency of [1, 32]) {
    const p50s: number[] = [];
    const p99s: number[] = [];
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const batch = challenged.slice(used, (used += CODE_POSTS));
      const { times, perSecond } = await codePostRun(server.url, batch, concurrency);
      rates.push(perSecond);
      p50s.push(percentile(times, 50));
      p99s.push(percentile(times, 99));
    }
    console.log(`\n### POST of a valid code: ${CODE_POSTS} distinct pending logins per run, ${concurrency} at a time\n`);
    console.log(`p50 per run: ${p50s.map((v) => v.toFixed(2)).join(', ')} ms; median p50 ${median(p50s).toFixed(2)} ms, median p99 ${median(p99s).toFixed(2)} ms, median ${Math.round(median(rates))} code POSTs/s`);
  }

  if (chromiumPath()) {
    const loginWeight = await pageWeight(server.url, '/login');
    const challengeWeight = await pageWeight(server.url, '/login/verify', server.challenged(1, accounts - 200)[0]);
    console.log('\n### Page weight (Chromium, cold cache, JavaScript off)\n');
    console.log(`login: ${loginWeight.requests} requests, ${(loginWeight.bytes / 1024).toFixed(1)} KB`);
    console.log(`challenge: ${challengeWeight.requests} requests, ${(challengeWeight.bytes / 1024).toFixed(1)} KB`);
  }

  const samples: number[] = [server.rssKiB()];
  const sampler = setInterval(() => samples.push(server.rssKiB()), 5000);
  const sustained = await runWrk(`${server.url}/login`, { seconds: MEMORY_SECONDS });
  clearInterval(sampler);
  samples.push(server.rssKiB());
  console.log(`\n### Resident memory under ${MEMORY_SECONDS} s of GET /login (${Math.round(sustained.requestsPerSecond)} requests/s)\n`);
  console.log(`RSS samples (MiB): ${samples.map((kib) => (kib / 1024).toFixed(0)).join(', ')}`);
} finally {
  await server.cleanup();
}
