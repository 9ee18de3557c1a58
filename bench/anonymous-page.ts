// The anonymous login page against what the framework allows: bare Koa + Nunjucks rendering the same
// page (bench/reference-server.ts), both in their own process, loaded in turn by the same wrk
// settings in one run, and the page weights. Run: npx tsx bench/anonymous-page.ts (BENCH_RUNS runs of BENCH_SECONDS each).
import { spawn } from 'node:child_process';
import { runWrk, type WrkResult } from './lib/wrk.js';
import { buildOnce, ROOT } from './lib/server-process.js';
import { startSeededServer } from './lib/seeded-server.js';
import { machine, median } from './lib/stats.js';
import { pageWeight } from './lib/page-weight.js';
import { chromiumPath } from '../test/browser/helpers/chromium.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REFERENCE_PORT = 3212;
/** What a browser sends; `identity` measures the uncompressed page. */
const CODINGS = ['br, gzip', 'identity'];

async function startReference(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import=tsx', 'bench/reference-server.ts', String(REFERENCE_PORT)], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${REFERENCE_PORT}`, stop: () => child.kill('SIGTERM') };
}

console.log(`Machine: ${await machine()}`);
buildOnce();
const reference = await startReference();
const server = await startSeededServer(1000, 3211);
try {
  for (const coding of CODINGS) {
    const headers = [`Accept-Encoding: ${coding}`];
    const ref: WrkResult[] = [];
    const product: WrkResult[] = [];
    // In turn, so that a busy moment of the shared machine falls on both alike.
    for (let run = 0; run < RUNS; run++) {
      ref.push(await runWrk(`${reference.url}/login`, { seconds: SECONDS, headers }));
      product.push(await runWrk(`${server.url}/login`, { seconds: SECONDS, headers }));
    }
    const ratios = ref.map((r, i) => product[i].requestsPerSecond / r.requestsPerSecond);
    const rps = (list: WrkResult[]) => list.map((r) => Math.round(r.requestsPerSecond)).join(', ');
    console.log(`\n### GET /login, Accept-Encoding: ${coding} (wrk, 2 threads, 32 connections, ${SECONDS} s per run)\n`);
    console.log(`reference runs: ${rps(ref)} requests/s; median ${Math.round(median(ref.map((r) => r.requestsPerSecond)))}`);
    console.log(`Twostep runs:   ${rps(product)} requests/s; median ${Math.round(median(product.map((r) => r.requestsPerSecond)))}`);
    console.log(`ratio per run: ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}; median ${(median(ratios) * 100).toFixed(0)} %; non-2xx ${[...ref, ...product].reduce((n, r) => n + r.non2xx, 0)}`);
  }
  if (chromiumPath()) {
    console.log('\n### Page weight (Chromium, cold cache, JavaScript off; bytes on the wire, headers included)\n');
    for (const [name, path, signIn] of [['login', '/login'], ['challenge', '/login/verify', server.challenged(1)[0]], ['Mobile login', '/m/login']]) {
      const weight = await pageWeight(server.url, path!, signIn);
      console.log(`${name}: ${weight.requests} requests, ${(weight.bytes / 1024).toFixed(1)} KB`);
    }
  }
} finally {
  reference.stop();
  await server.cleanup();
}
