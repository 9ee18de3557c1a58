// Login cost against the number of accounts: the same measurements with 1,000 and 1,000,000
// accounts in one domain. Run: npx tsx bench/login-scale.ts (BENCH_SCALES=1000,1000000 to choose)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser } from '../test/helpers/http.js';
import { buildOnce } from './lib/server-process.js';
import { BENCH_PASSWORD, startSeededServer } from './lib/seeded-server.js';
import { machine, median } from './lib/stats.js';
import { runWrk } from './lib/wrk.js';

const SCALES = (process.env.BENCH_SCALES ?? '1000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A wrk script posting the login form for accounts picked at random from `addresses`. */
function loginScript(addresses: string[], cookie: string, csrf: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-wrk-')), 'login.lua');
  const list = addresses.map((a) => `"${a}"`).join(',\n');
  fs.writeFileSync(
    file,
    `local addresses = {${list}}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "${cookie}"
request = function()
  local address = addresses[math.random(#addresses)]
  local body = "_csrf=${encodeURIComponent(csrf)}&username=" .. address:gsub("@", "%%40") .. "&password=${encodeURIComponent(BENCH_PASSWORD)}"
  return wrk.format(nil, "/login", nil, body)
end
`,
  );
  return file;
}

console.log(`Machine: ${await machine()}`);
buildOnce();
console.log('\n| Accounts | GET /login req/s | POST /login (password → challenge) req/s | POST /login p50 ms |\n|---:|---:|---:|---:|');
for (const count of SCALES) {
  const server = await startSeededServer(count, 3212);
  try {
    // Spread the accounts used over the whole range, so index depth is exercised.
    const addresses = Array.from({ length: 200 }, (_, i) => server.challenged(1, Math.floor((i * count) / 200))[0]).filter(Boolean);
    const browser = new Browser(server.url);
    const page = await browser.get('/login');
    const csrf = page.$('input[name=_csrf]').attr('value')!;
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const script = loginScript(addresses, cookie, csrf);
    const gets = [];
    const posts = [];
    for (let run = 0; run < RUNS; run++) {
      gets.push(await runWrk(`${server.url}/login`, { seconds: 10 }));
      posts.push(await runWrk(server.url, { seconds: 10, script }));
    }
    const bad = posts.reduce((n, r) => n + r.non2xx, 0);
    if (bad > 0) console.error(`(${bad} login POSTs did not answer 303)`);
    console.log(
      `| ${count.toLocaleString('en')} | ${Math.round(median(gets.map((r) => r.requestsPerSecond)))} | ${Math.round(median(posts.map((r) => r.requestsPerSecond)))} | ${median(posts.map((r) => r.latencyP50Ms)).toFixed(2)} |`,
    );
  } finally {
    await server.cleanup();
  }
}
