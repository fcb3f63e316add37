import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
/** Where `npm run console:build` puts the agent console, and where the API serves it from by default. */
export const CONSOLE_DIST = join(ROOT, 'console', 'dist');
// What the build reads: the app, its page and config, and the domain modules it imports (decision rules, business days).
const CONSOLE_SOURCES = ['console/src', 'console/public', 'console/index.html', 'console/vite.config.ts', 'console/tsconfig.json', 'domain'].map((p) => join(ROOT, p));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), s.mtimeMs);
}

/**
 * Why the built console in `dist` cannot be served as it is: missing, or older than what it is built
 * from (a checkout or an edit since the last build). Undefined when it is up to date.
 */
export function consoleBuildNeeded(dist = CONSOLE_DIST): 'missing' | 'stale' | undefined {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'missing';
  const newest = Math.max(...CONSOLE_SOURCES.filter(existsSync).map(newestMtime));
  return statSync(index).mtimeMs >= newest ? undefined : 'stale';
}

/**
 * Builds the console (as `npm run console:build`, with Vite) when console/dist is missing or stale,
 * so that `npm install && npm start` and a fresh clone's tests serve today's app with nothing done by
 * hand. Returns what was done, for the caller to say; throws with Vite's own output when the build fails.
 */
export function ensureConsoleBuilt(log: (line: string) => void = () => {}): 'built' | 'rebuilt' | 'up to date' {
  const why = consoleBuildNeeded();
  if (!why) return 'up to date';
  log(why === 'missing' ? 'building the agent console (first start, about 10 s)...' : 'the agent console changed since its last build: rebuilding it (about 10 s)...');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', timeout: 180_000 });
  return why === 'missing' ? 'built' : 'rebuilt';
}
