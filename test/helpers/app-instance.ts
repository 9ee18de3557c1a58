// One app instance in its own process, for tests that prove a rule across instances: it serves the
// database named by TWOSTEP_TEST_SQLITE (a file) or TWOSTEP_TEST_PG_URL with TWOSTEP_TEST_PG_SCHEMA,
// listens on a free loopback port and prints "listening <port>". With TWOSTEP_TEST_MAIL_AUTH_TOKEN
// it also serves the mail-server lookup endpoint, first printing "mail-auth <port>".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knex from 'knex';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { createDb } from '../../src/db/create-db.js';
import { memoryLogger } from '../../src/logger.js';
import { startMailLookups } from '../../src/mail-auth/listeners.js';
import { freePort } from '../../src/mail-server/processes.js';
import { testConfig } from './config.js';

const sqliteFile = process.env.TWOSTEP_TEST_SQLITE;
const pgUrl = process.env.TWOSTEP_TEST_PG_URL;
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
const db = sqliteFile
  ? createDb({ kind: 'sqlite', filename: sqliteFile })
  : knex({ client: 'pg', connection: pgUrl, searchPath: [process.env.TWOSTEP_TEST_PG_SCHEMA!], pool: { min: 0, max: 10 } });
const app = createApp({ db, clock: systemClock, config: testConfig(), logger: memoryLogger() });
const server = http.createServer(app.handler);
server.keepAliveTimeout = 65_000;
const token = process.env.TWOSTEP_TEST_MAIL_AUTH_TOKEN;
const lookups = token ? await startMailLookups(app.deps.services, { host: '127.0.0.1', authPort: await freePort('127.0.0.1'), mapPort: 0, token }, memoryLogger()) : null;
if (lookups) process.stdout.write(`mail-auth ${lookups.authPort}\n`);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  void lookups?.close();
  server.close(() => void db.destroy().then(() => process.exit(0)));
});
