import { ConfigError, loadConfig } from '../config';
import { migrateDatabase } from '../db/migrate';
import { redactedUrl } from '../db/pool';

/**
 * `npm run db:migrate`: applies the pending migrations (db/migrations) to DATABASE_URL, e.g. before
 * a deployment or as the one-shot step of docker-compose.yml. Idempotent; node-pg-migrate's lock
 * lets two runs overlap safely.
 */
async function main() {
  const config = loadConfig();
  if (!config.database.url) throw new ConfigError('DATABASE_URL is not set: say which database to migrate (npm start migrates its embedded one itself)');
  console.log(`applying the migrations to ${redactedUrl(config.database.url)}...`);
  await migrateDatabase(config.database.url, (line) => console.log(line));
  console.log('migrations applied');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
