import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import knex, { type Knex } from 'knex';
import { CliSession } from '../../src/cli/session.js';
import { S } from '../../src/cli/strings.js';
import { createDb } from '../../src/db/create-db.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { memoryLogger } from '../../src/logger.js';
import { saveBranding } from '../../src/services/branding.js';
import { BRAND_TTL_MS } from '../../src/web/brand.js';
import { DATABASE_RETRY_AFTER_SECONDS, ERROR_TEXT } from '../../src/web/errors.js';
import { openPostgresSchema, type TestDb } from '../helpers/db.js';
import { Browser, startTestServer, type Page, type TestServer } from '../helpers/http.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { startTcpRelay } from '../helpers/tcp-relay.js';
import { signedInAdmin } from './admin/helpers.js';

const BRAND = 'Acme Mail';

/** A branded server with an anonymous visitor (holding a CSRF token) and a signed-in admin. */
async function boot(testDb: TestDb): Promise<{ server: TestServer; visitor: Browser; token: string; admin: Browser; cli: CliSession }> {
  const server = await startTestServer({}, undefined, testDb);
  const services = server.app.deps.services;
  await saveBranding(services, TEST_ADMIN, { kind: 'server' }, { texts: { name: BRAND }, uploads: {}, kept: {}, reset: new Set() });
  server.clock.advance(BRAND_TTL_MS + 1000);
  const visitor = new Browser(server.url);
  const login = await visitor.get('/login');
  const cli = new CliSession({ services, logger: memoryLogger(), peer: null, loggedInAs: 'operator' });
  return { server, visitor, token: login.$('input[name=_csrf]').attr('value')!, admin: await signedInAdmin(server), cli };
}

function wrongPassword(visitor: Browser, token: string): Promise<Page> {
  return visitor.post('/login', { _csrf: token, username: 'alice@example.com', password: 'wrong-password' });
}

/** The 503 page: Retry-After, the product's error page with the brand in force, no details. */
function assertUnavailable(t: ExecutionContext, page: Page, what: string): void {
  t.is(page.status, 503, what);
  t.is(page.headers.get('retry-after'), String(DATABASE_RETRY_AFTER_SECONDS), what);
  t.is(page.$('h1').text(), ERROR_TEXT[503].title, what);
  t.regex(page.$('title').text(), new RegExp(BRAND), what);
  t.false(/at .*\.ts:\d+|SQLITE_|ECONN/.test(page.text), `${what}: no details`);
}

test('SQLite locked by another process: writes answer 503 with Retry-After, reads go on, the CLI answers -ERR; all recover when the lock goes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-outage-'));
  const file = path.join(dir, 'twostep.sqlite');
  const db = createDb({ kind: 'sqlite', filename: file });
  await migrateLatest(db);
  // The product waits 5 s for a lock; the test need not.
  await db.raw('PRAGMA busy_timeout = 200');
  const { server, visitor, token, admin, cli } = await boot({ db, kind: 'sqlite', destroy: () => db.destroy() });
  // Another process (a backup, a long script) holding the write lock of the file.
  const other = createDb({ kind: 'sqlite', filename: file });
  let holder: Knex.Transaction | null = null;
  try {
    t.is((await wrongPassword(visitor, token)).status, 401);
    holder = await other.transaction();
    await holder.raw('CREATE TABLE lock_holder (x integer)');
    assertUnavailable(t, await wrongPassword(visitor, token), 'a sign-in while the file is locked');
    t.is((await admin.get('/admin/domains')).status, 200, 'a page that only reads');
    t.deepEqual((await cli.handle('CREATE Domain name locked.test postmasterPassword "Secret-123"')).lines, [`-ERR: ${S.databaseUnavailable}`]);
    t.true(server.logs.some((line) => /^warn POST \/login: database unavailable/.test(line)));
    t.false(server.logs.some((line) => line.startsWith('error')));
    await holder.rollback();
    t.is((await wrongPassword(visitor, token)).status, 401);
    t.regex((await cli.handle('CREATE Domain name locked.test postmasterPassword "Secret-123"')).lines.at(-1)!, /^\+OK/);
  } finally {
    if (holder && !holder.isCompleted()) await holder.rollback();
    await other.destroy();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  test('PostgreSQL gone: 503 with Retry-After and the branded page from memory, -ERR in the CLI; connections killed or cut, it recovers by itself', async (t) => {
    const upstream = new URL(postgresUrl);
    const relay = await startTcpRelay(upstream.hostname, Number(upstream.port || 5432));
    const schemaDb = await openPostgresSchema(postgresUrl);
    await migrateLatest(schemaDb.db);
    const through = new URL(postgresUrl);
    through.host = `127.0.0.1:${relay.port}`;
    const appName = `twostep-outage-${randomBytes(4).toString('hex')}`;
    through.searchParams.set('application_name', appName);
    through.searchParams.set('options', `-c search_path=${schemaDb.schema}`);
    // The product's own connection factory, reaching the server through the relay.
    const db = createDb({ kind: 'postgres', url: through.toString() });
    const { server, visitor, token, admin, cli } = await boot({ db, kind: 'postgres', destroy: async () => undefined });
    const killer = knex({ client: 'pg', connection: postgresUrl, pool: { min: 0, max: 1 } });
    try {
      t.is((await wrongPassword(visitor, token)).status, 401);
      // Connections killed on the server: the pool drops them and the next requests open new ones.
      const killed = await killer.raw('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?', [appName]);
      t.true(killed.rows.length > 0);
      const after: number[] = [];
      for (let i = 0; i < 3 && after.at(-1) !== 200; i++) after.push((await admin.get('/admin/domains')).status);
      t.is(after.at(-1), 200, `after pg_terminate_backend: ${after.join(' ')}`);
      t.true(after.every((status) => status === 200 || status === 503), `after pg_terminate_backend: ${after.join(' ')}`);

      relay.cut();
      assertUnavailable(t, await wrongPassword(visitor, token), 'a sign-in while the server is gone');
      assertUnavailable(t, await admin.get('/admin/domains'), 'a WebAdmin page while the server is gone');
      // Past every cache, the page still shows the last brand read, without asking the database.
      server.clock.advance(60_000);
      assertUnavailable(t, await visitor.get('/login'), 'the login page with no cached domain');
      t.deepEqual((await cli.handle('LIST Domains')).lines, [`-ERR: ${S.databaseUnavailable}`]);
      t.false(server.logs.some((line) => line.startsWith('error')));

      relay.restore();
      t.is((await wrongPassword(visitor, token)).status, 401);
      t.is((await admin.get('/admin/domains')).status, 200);
      t.regex((await cli.handle('LIST Domains')).lines.at(-1)!, /^\+OK/);
    } finally {
      await server.close();
      await db.destroy();
      await killer.destroy();
      await relay.close();
      await schemaDb.destroy();
    }
  });
}
