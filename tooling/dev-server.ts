import { spawn } from 'node:child_process';
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
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

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
 * the frontend answers. With only the SDK download available, lets the SDK run it instead.
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
      return { address, uiUrl, stop: () => env.teardown() };
    } catch (err) {
      throw notFound('cli', err);
    }
  }

  const args = ['server', 'start-dev', '--db-filename', o.dbFile, '--port', String(o.port), '--ui-port', String(o.uiPort), '--namespace', o.namespace, '--log-level', 'error', ...(o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : [])];
  o.log(`${o.resolved.executable.path} ${args.join(' ')}`);
  // Its own process group: Ctrl-C reaches npm start, which stops the worker first and the server last.
  const child = spawn(o.resolved.executable.path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  process.once('exit', () => child.kill('SIGKILL'));
  let exitReason: string | undefined;
  child.on('exit', (code, signal) => (exitReason = `exit ${code ?? signal}`));
  child.on('error', (err) => (exitReason = err.message));
  const relay = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((l) => o.log(l));
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);

  try {
    await waitForFrontend(address, 60_000, () => exitReason);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    address,
    uiUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exitReason) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
