/**
 * WebMail on a real mail server: the folder page with 10,000 messages in INBOX against the same page
 * with 100, opening a 100 KB message, and resident memory over 60 s of folder-page load. Needs
 * Debian's Dovecot and Postfix and root (as the mail-server tests). Run: `npx tsx bench/mail-folder.ts`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createServiceContext } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { createDb } from '../src/db/create-db.js';
import { migrateLatest } from '../src/db/migrate.js';
import { createAccount } from '../src/services/accounts.js';
import { createDomain } from '../src/services/domains.js';
import { testConfig } from '../test/helpers/config.js';
import { Browser } from '../test/helpers/http.js';
import { mailServerSkipReason, startTestMailServer, type TestMailServer } from '../test/helpers/mail-server.js';
import { buildOnce, startServerProcess } from './lib/server-process.js';
import { pool } from './lib/sessions.js';
import { machine, median, percentile } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);
const BIG = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SMALL = 100;
const PASSWORD = 'bench-password-1';

/** A plain message of about 1 KB, as newsletters and notes are. */
function plainMessage(i: number, to: string): string {
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
  const body = `Line ${i} of the archive.\r\n`.repeat(30);
  return `From: Sender ${i % 97} <sender${i % 97}@outside.test>\r\nTo: ${to}\r\nSubject: Archived message number ${i}\r\nDate: ${date}\r\nMessage-ID: <bench-${i}@outside.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
}

/** A 100 KB message: 50 KB of text and 50 KB of HTML with links and remote images. */
async function largeMessage(to: string): Promise<Buffer> {
  const paragraph = (i: number) => `Paragraph ${i}: the quarterly figures are attached and discussed below in some detail, with links and remarks.`;
  const text = Array.from({ length: 450 }, (_, i) => paragraph(i)).join('\n');
  const html = Array.from({ length: 300 }, (_, i) => `<p>${paragraph(i)} <a href="https://example.com/r/${i}">more</a>${i % 50 === 0 ? ` <img src="https://img.example.com/${i}.png" alt="chart ${i}">` : ''}</p>`).join('\n');
  return new MailComposer({ from: 'Reports <reports@outside.test>', to, subject: 'The 100 KB report', text, html }).compile().build();
}

/** Writes messages straight into a Maildir's new/ folder (as a delivery agent does), owned by the mail user. */
function deliverToMaildir(mail: TestMailServer, address: string, messages: (string | Buffer)[], tag: string): void {
  const owner = fs.statSync(mail.files.mailboxes);
  const maildir = mail.maildir(address);
  let dir = mail.files.mailboxes;
  for (const part of path.relative(mail.files.mailboxes, maildir).split(path.sep)) {
    dir = path.join(dir, part);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.chownSync(dir, owner.uid, owner.gid);
    }
  }
  for (const sub of ['cur', 'new', 'tmp']) {
    const full = path.join(maildir, sub);
    if (!fs.existsSync(full)) {
      fs.mkdirSync(full, { mode: 0o700 });
      fs.chownSync(full, owner.uid, owner.gid);
    }
  }
  messages.forEach((message, i) => {
    const file = path.join(maildir, 'new', `${1767225600 + i}.M${i}P${process.pid}.${tag}`);
    fs.writeFileSync(file, message);
    fs.chownSync(file, owner.uid, owner.gid);
  });
}

/** The time of one GET with the session's cookies, from sending it to having read the whole page, in ms. */
async function timedGet(base: string, cookie: string, pathname: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(base + pathname, { headers: { cookie } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function signedIn(base: string, address: string): Promise<string> {
  const browser = new Browser(base);
  const answer = await browser.submit('/login', { username: address, password: PASSWORD });
  if (answer.location !== '/mail') throw new Error(`login of ${address} answered ${answer.status} ${answer.location}`);
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

const reason = mailServerSkipReason();
if (reason) {
  console.log(`Mail folder benchmark skipped: ${reason}`);
  process.exit(0);
}
console.log(`Machine: ${await machine()}`);
buildOnce();
const mail = await startTestMailServer();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-mail-bench-'));
const file = path.join(dir, 'bench.sqlite');
const secretKey = randomBytes(32);
const db = createDb({ kind: 'sqlite', filename: file });
await migrateLatest(db);
// Seeded with the built-in store's context: the accounts' welcome messages stay out of the mailboxes.
const seeding = createServiceContext(db, systemClock, testConfig({ secretKey }));
const domain = await createDomain(seeding, { kind: 'cli', name: 'bench', ip: null }, 'example.com', 'postmaster-password-1');
for (const name of ['big', 'small']) await createAccount(seeding, { kind: 'cli', name: 'bench', ip: null }, domain, { name, password: PASSWORD });
await db.destroy();
const env = Object.fromEntries(
  Object.entries({
    DATA_DIR: dir,
    DATABASE_URL: file,
    SECRET_KEY: secretKey.toString('hex'),
    APP_KEYS: randomBytes(24).toString('hex'),
    ADMIN_PASSWORD: 'bench-admin-password',
    MAIL_IMAP_URL: mail.config.mailImap!.url,
    MAIL_SMTP_URL: mail.config.mailSmtp!.url,
    MAIL_MASTER_USER: mail.masterUser,
    MAIL_MASTER_PASSWORD: mail.masterPassword,
    MAIL_AUTH_HOST: mail.host,
    MAIL_AUTH_PORT: String(mail.authPort),
    MAIL_MAP_PORT: String(mail.mapPort),
    MAIL_AUTH_TOKEN: mail.token,
  }),
);
const server = await startServerProcess(env, 3311);
try {
  deliverToMaildir(mail, 'big@example.com', Array.from({ length: BIG }, (_, i) => plainMessage(i, 'big@example.com')), 'big');
  deliverToMaildir(mail, 'small@example.com', Array.from({ length: SMALL }, (_, i) => plainMessage(i, 'small@example.com')), 'small');
  const big = await signedIn(server.url, 'big@example.com');
  const small = await signedIn(server.url, 'small@example.com');
  const warmStart = performance.now();
  await timedGet(server.url, big, '/mail');
  console.log(`First folder page of ${BIG} new messages (Dovecot indexes them): ${(performance.now() - warmStart).toFixed(0)} ms`);
  deliverToMaildir(mail, 'big@example.com', [await largeMessage('big@example.com')], 'large');
  for (let i = 0; i < 20; i++) {
    await timedGet(server.url, big, '/mail');
    await timedGet(server.url, small, '/mail');
  }
  const page = await (await fetch(`${server.url}/mail`, { headers: { cookie: big } })).text();
  const largeId = page.match(/name="ids" value="(\d+)"/)?.[1];
  if (!largeId || !page.includes('The 100 KB report')) throw new Error('the 100 KB message is not the newest');

  const figures = { big: [] as number[], small: [] as number[], open: [] as number[], bigP95: [] as number[], smallP95: [] as number[], openP95: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const times = { big: [] as number[], small: [] as number[], open: [] as number[] };
    // Interleaved, so a busy moment of the machine falls on both sizes alike.
    for (let i = 0; i < REQUESTS; i++) {
      times.big.push(await timedGet(server.url, big, '/mail'));
      times.small.push(await timedGet(server.url, small, '/mail'));
      times.open.push(await timedGet(server.url, big, `/mail/${largeId}`));
    }
    for (const key of ['big', 'small', 'open'] as const) {
      figures[key].push(percentile(times[key], 50));
      figures[`${key}P95`].push(percentile(times[key], 95));
    }
    const ratio = (percentile(times.big, 50) / percentile(times.small, 50)) * 100;
    console.log(`run ${run + 1}: folder page ${BIG} messages p50 ${percentile(times.big, 50).toFixed(2)} ms, ${SMALL} messages p50 ${percentile(times.small, 50).toFixed(2)} ms (${ratio.toFixed(0)} %), 100 KB message p50 ${percentile(times.open, 50).toFixed(2)} ms`);
  }
  console.log('\n### Medians of the runs\n');
  console.log(`Folder page, ${BIG} messages: p50 ${median(figures.big).toFixed(2)} ms (runs: ${figures.big.map((v) => v.toFixed(2)).join(', ')}), p95 ${median(figures.bigP95).toFixed(2)} ms`);
  console.log(`Folder page, ${SMALL} messages: p50 ${median(figures.small).toFixed(2)} ms (runs: ${figures.small.map((v) => v.toFixed(2)).join(', ')}), p95 ${median(figures.smallP95).toFixed(2)} ms`);
  console.log(`Ratio of the medians: ${((median(figures.big) / median(figures.small)) * 100).toFixed(0)} %`);
  console.log(`100 KB message: p50 ${median(figures.open).toFixed(2)} ms (runs: ${figures.open.map((v) => v.toFixed(2)).join(', ')}), p95 ${median(figures.openP95).toFixed(2)} ms`);

  const samples: number[] = [server.rssKiB()];
  const sampler = setInterval(() => samples.push(server.rssKiB()), 5000);
  const until = performance.now() + MEMORY_SECONDS * 1000;
  let served = 0;
  await pool([0, 1, 2, 3], 4, async () => {
    while (performance.now() < until) {
      await timedGet(server.url, big, '/mail');
      served++;
    }
  });
  clearInterval(sampler);
  samples.push(server.rssKiB());
  const mib = samples.map((kib) => Math.round(kib / 1024));
  console.log(`\nResident memory over ${MEMORY_SECONDS} s of the ${BIG}-message folder page, 4 at a time (${Math.round(served / MEMORY_SECONDS)} pages/s): ${Math.min(...mib)}–${Math.max(...mib)} MiB, samples ${mib.join(', ')}`);
} finally {
  await server.stop();
  await mail.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
