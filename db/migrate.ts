import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The versioned migrations (node-pg-migrate's SQL format: `-- Up Migration` / `-- Down Migration`). */
export const MIGRATIONS_DIR = resolve(__dirname, 'migrations');
const CLI = join(resolve(__dirname, '..'), 'node_modules', 'node-pg-migrate', 'bin', 'node-pg-migrate.js');

/**
 * Applies every pending migration to the database at `url` with node-pg-migrate (its own table
 * `pgmigrations` and an advisory lock, waited for: two processes starting together apply each once,
 * the second after the first, instead of the CLI's default of failing the second). The
 * library is an ES module, so it runs as its own process: the same way from tsx, jest and `node dist`.
 */
export function migrateDatabase(url: string, log: (line: string) => void = () => undefined): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, 'up', '--migrations-dir', MIGRATIONS_DIR, '--database-url-var', 'LOOP_MIGRATE_DATABASE_URL', '--verbose', 'false', '--advisory-lock-mode', 'wait'], {
      env: { ...process.env, LOOP_MIGRATE_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line.trim());
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`the database migrations failed (exit ${code}):\n${output.slice(-2000)}`))));
  });
}
