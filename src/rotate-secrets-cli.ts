import { createServiceContext } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { createDb } from './db/create-db.js';
import { migrateLatest } from './db/migrate.js';
import { withGeneratedSecrets } from './secrets-file.js';
import { ServiceError } from './services/errors.js';
import { rotateSecrets } from './services/secret-rotation.js';

// `npm run rotate-secrets`: every stored secret re-encrypted with SECRET_KEY, in one transaction.
// Run it with the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; afterwards the old one can go.

async function run(): Promise<void> {
  const { config } = withGeneratedSecrets(loadConfig(process.env));
  const db = createDb(config.database);
  try {
    await migrateLatest(db);
    const count = await rotateSecrets(createServiceContext(db, systemClock, config));
    const total = count.secrets.accounts + count.secrets.admins;
    console.log(
      `Re-encrypted ${total} stored secret(s) with SECRET_KEY (${count.secrets.accounts} of accounts, ${count.secrets.admins} of administrators) and ${count.sessionValues} value(s) kept in sessions.`,
    );
    if (count.sessionValuesUnreadable) console.log(`${count.sessionValuesUnreadable} value(s) in sessions no key opens were left; they end with their sessions.`);
  } finally {
    await db.destroy();
  }
}

run().catch((err) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else if (err instanceof ServiceError) console.error(`Rotation refused: ${err.message}`);
  else console.error(`Rotation failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
