import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The project's root folder (tools install under `<root>/.tools`, which git ignores). */
export const PROJECT_ROOT = resolve(__dirname, '..');

/** True for an executable regular file. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first `binary` on the PATH of `env`, if any. */
export function onPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/** A lock whose owner process is gone (an install interrupted by Ctrl-C or a crash). */
function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // No pid file yet (another process is between mkdir and write) counts as live; a dead pid as stale.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Holds a lock folder while installing, so two processes (two test runs) never install over each other. */
export function withInstallLock<T>(toolsDir: string, log: (l: string) => void, body: () => T): T {
  mkdirSync(toolsDir, { recursive: true });
  const lock = join(toolsDir, 'install.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (let said = false; ; ) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (lockIsStale(lock)) {
        log(`removing a stale install lock left by a stopped process (${lock})`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}; remove it if no install is running`);
      if (!said) log(`waiting for another install to finish (${lock})`);
      said = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

