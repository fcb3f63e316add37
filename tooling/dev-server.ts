import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { notFound, type ResolvedTemporal } from './temporal-cli';

export interface DevServerOptions {
  resolved: ResolvedTemporal;
  port: number;
  uiPort: number;
  namespace: string;
  /** SQLite file: every open case survives a restart. */
  dbFile: string;
  /** The codec server the Web UI calls to show encrypted payloads in clear (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  log: (line: string) => void;
  /** How many times a dev server that dies on its own is started again (within RESTART_WINDOW_MS). @default 3 */
  maxRestarts?: number;
  /** Called once when the dev server died and will not be started again: the caller stops everything. */
  onGiveUp?: (reason: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  /** The dev server's process id now (it changes on a restart); undefined when the SDK runs it. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/** Restarts count against `maxRestarts` for this long; a server that stayed up longer starts afresh. */
export const RESTART_WINDOW_MS = 10 * 60_000;

async function waitForFrontend(address: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = exited();
    if (why) throw new Error(`the Temporal dev server stopped during start-up: ${why}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs / 1000}s`, { cause: err });
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * Runs `temporal server start-dev` with its Web UI, keeping state in `dbFile`, and resolves once
 * the frontend answers. A server that then dies on its own is started again, at most `maxRestarts`
 * times in RESTART_WINDOW_MS, saying so; past that `onGiveUp` is called. With only the SDK
 * download available, lets the SDK run it instead (not supervised).
 */
export async function startDevServer(o: DevServerOptions): Promise<RunningDevServer> {
  mkdirSync(dirname(o.dbFile), { recursive: true });
  const address = `localhost:${o.port}`;
  const uiUrl = `http://localhost:${o.uiPort}`;

  if (o.resolved.executable.type === 'cached-download') {
    try {
      const env = await TestWorkflowEnvironment.createLocal({
        server: { executable: o.resolved.executable, dbFilename: o.dbFile, port: o.port, ui: true, uiPort: o.uiPort, namespace: o.namespace },
      });
      return { address, uiUrl, pid: () => undefined, stop: () => env.teardown() };
    } catch (err) {
      throw notFound('cli', err);
    }
  }

  const args = ['server', 'start-dev', '--db-filename', o.dbFile, '--port', String(o.port), '--ui-port', String(o.uiPort), '--namespace', o.namespace, '--log-level', 'error', ...(o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : [])];
  const executable = o.resolved.executable.path;
  const maxRestarts = o.maxRestarts ?? 3;
  o.log(`${executable} ${args.join(' ')}`);
  let child: ChildProcess;
  let exitReason: string | undefined;
  let stopping = false;
  let restarts: number[] = [];
  process.once('exit', () => child?.kill('SIGKILL'));

  const launch = async () => {
    let up = false;
    // Its own process group: Ctrl-C reaches npm start, which stops the worker first and the server last.
    const started = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    exitReason = undefined;
    started.on('exit', (code, signal) => {
      exitReason = `exit ${code ?? signal}`;
      if (started === child && !stopping && up) void restart(exitReason);
    });
    started.on('error', (err) => (exitReason = err.message));
    const relay = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((l) => o.log(l));
    started.stdout!.on('data', relay);
    started.stderr!.on('data', relay);
    try {
      await waitForFrontend(address, 60_000, () => exitReason);
      up = true;
    } catch (err) {
      started.kill('SIGTERM');
      throw err;
    }
  };

  /** The dev server died while in use: start it again on the same file (cases survive), a bounded number of times. */
  const restart = async (why: string) => {
    const now = Date.now();
    restarts = restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    if (restarts.length >= maxRestarts) {
      const window = `${RESTART_WINDOW_MS / 60_000} minutes`;
      const reason = `the Temporal dev server stopped (${why}) and was already restarted ${restarts.length} times in ${window}; giving up`;
      o.log(reason);
      o.onGiveUp?.(reason);
      return;
    }
    restarts.push(now);
    const attempt = `restart ${restarts.length} of at most ${maxRestarts}`;
    o.log(`the Temporal dev server stopped on its own (${why}); restarting it (${attempt}), cases are kept in ${o.dbFile}`);
    try {
      await launch();
      o.log(`the Temporal dev server is back on ${address} (pid ${child.pid})`);
    } catch (err) {
      const reason = `the Temporal dev server could not be restarted: ${err instanceof Error ? err.message : String(err)}`;
      o.log(reason);
      o.onGiveUp?.(reason);
    }
  };

  await launch();
  return {
    address,
    uiUrl,
    pid: () => child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (exitReason) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
