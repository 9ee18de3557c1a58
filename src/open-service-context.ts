import { createServiceContext } from './app.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createDb } from './db/create-db.js';
import { migrateLatest } from './db/migrate.js';
import type { ServiceContext } from './services/context.js';

/** A service context over its own connection pool, which `close` ends. */
export interface OpenedServices {
  services: ServiceContext;
  /** Names of the migrations this opening applied. */
  applied: string[];
  close(): Promise<void>;
}

/** Opens the configured database, brings its schema up to date and builds the service context over it (for tools beside the server, like the local CLI). */
export async function openServiceContext(config: Readonly<Config>, clock: Clock): Promise<OpenedServices> {
  const db = createDb(config.database);
  try {
    const applied = await migrateLatest(db);
    return { services: createServiceContext(db, clock, config), applied, close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
