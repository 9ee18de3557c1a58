import http from 'node:http';
import { createApp } from './app.js';
import { startCliServer } from './cli/tcp-server.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { createDb } from './db/create-db.js';
import { migrateLatest } from './db/migrate.js';
import { consoleLogger } from './logger.js';
import { startMailLookups } from './mail-auth/listeners.js';
import { withGeneratedSecrets } from './secrets-file.js';
import { ensureBuiltinAdmin } from './services/bootstrap.js';
import { firstStepsLines, isNewInstall } from './services/first-steps.js';
import { HOUSEKEEPING_INTERVAL_MS, purgeExpiredState } from './services/housekeeping.js';
import { sendSetupReminders } from './services/setup-grace.js';
import { startOutboxWorker } from './services/mail-outbox.js';

/** Listens on `port`; a port in use or not allowed is a bad setting of `variable`, like any other. */
async function listen<T>(start: () => Promise<T>, variable: string, host: string, port: number): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`${variable} ${port} is already in use on ${host}; stop what uses it or choose another ${variable}`);
    if (code === 'EACCES') throw new ConfigError(`${variable} ${port} may not be used by this user on ${host}; choose another ${variable}`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`${host} is not an address of this machine (for ${variable} ${port})`);
    throw err;
  }
}

async function main(): Promise<void> {
  const { config } = withGeneratedSecrets(loadConfig(process.env));
  const db = createDb(config.database);
  const applied = await migrateLatest(db);
  if (applied.length) consoleLogger.info(`Applied ${applied.length} migration(s).`);
  const app = createApp({ db, clock: systemClock, config, logger: consoleLogger });
  const { services } = app.deps;
  const generatedPassword = await ensureBuiltinAdmin(services, config.adminPassword);
  const server = http.createServer(app.handler);
  server.keepAliveTimeout = 65_000;
  const listening = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(listening, 'PORT', config.host, config.port);
  const base = `http://${config.host}:${config.port}`;
  consoleLogger.info(`Twostep WebMail: ${base}/`);
  consoleLogger.info(`Twostep WebAdmin: ${base}/admin`);
  const startCli = () => startCliServer(services, { host: config.cliHost, port: config.cliPort, logger: consoleLogger });
  const cli = config.cliPort === 0 ? null : await listen(startCli, 'CLI_PORT', config.cliHost, config.cliPort);
  if (cli) consoleLogger.info(`Twostep CLI: ${config.cliHost}:${cli.port}`);
  const lookups = await startMailLookups(
    services,
    { host: config.mailAuthHost, authPort: config.mailAuthPort, mapPort: config.mailMapPort, token: config.mailAuthToken! },
    consoleLogger,
  );
  if (lookups.authPort) consoleLogger.info(`Twostep lookups for Dovecot: http://${config.mailAuthHost}:${lookups.authPort}/dovecot/`);
  if (lookups.mapPort) consoleLogger.info(`Twostep socketmap for Postfix: ${config.mailAuthHost}:${lookups.mapPort}`);
  if (generatedPassword) {
    consoleLogger.info(`First start: the built-in WebAdmin user is "admin" with password ${generatedPassword}`);
    consoleLogger.info('It is shown only this once; change it in WebAdmin or start with ADMIN_PASSWORD.');
  }
  if (await isNewInstall(services)) for (const line of firstStepsLines(`${base}/`, `${base}/admin`)) consoleLogger.info(line);
  const housekeeping = setInterval(() => {
    purgeExpiredState(services).catch((err) => consoleLogger.error('Housekeeping failed', err));
    sendSetupReminders(services).catch((err) => consoleLogger.error('Set-up reminders failed', err));
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  // With a mail server, the notices and welcome messages the product writes wait in the outbox until delivered.
  const outbox = services.mail.kind === 'imap' ? startOutboxWorker(services, consoleLogger) : null;
  const stop = async () => {
    clearInterval(housekeeping);
    await outbox?.stop();
    server.close();
    await cli?.close();
    await lookups.close();
    await services.mail.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  console.error('Twostep could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
