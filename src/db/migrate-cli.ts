import { ConfigError, loadConfig } from '../config.js';
import { createDb } from './create-db.js';
import { migrateDownAll, migrateLatest } from './migrate.js';

// `npm run migrate` brings the schema up to date; `npm run migrate -- down` undoes every migration.
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const db = createDb(config.database);
  try {
    if (process.argv[2] === 'down') {
      await migrateDownAll(db);
      console.log('Every migration was undone.');
    } else {
      const applied = await migrateLatest(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    }
  } finally {
    await db.destroy();
  }
}

run().catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : `Migration failed: ${err.message}`);
  process.exit(1);
});
