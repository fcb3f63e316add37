import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startApi } from '../api/main';
import { ConfigError, loadConfig, temporalAddress } from '../config';
import { startSandbox } from '../sandbox/main';
import { startDevServer, type RunningDevServer } from '../tooling/dev-server';
import { ensureSearchAttributes } from '../tooling/temporal-setup';
import { resolveTemporal } from '../tooling/temporal-cli';
import { startWorker } from '../workers/main';

const say = (part: string) => (line: string) => console.log(`[${part}] ${line}`);

function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  return new Promise((ok, fail) => {
    const probe: Server = createServer();
    probe.once('error', () => fail(new Error(`port ${port} for the ${what} is in use: stop what holds it, or set ${variable}`)));
    probe.listen(port, () => probe.close(() => ok()));
  });
}

interface Running {
  dev?: RunningDevServer;
  sandbox?: import('node:http').Server;
  worker?: Awaited<ReturnType<typeof startWorker>>;
  api?: Awaited<ReturnType<typeof startApi>>;
}

/** Stops what has started, in order: the API, the worker (it drains), the sandbox, the dev server last. */
async function stopAll({ api, worker, sandbox, dev }: Running): Promise<void> {
  if (api) {
    await new Promise((r) => api.server.close(r));
    await api.connection.close();
  }
  if (worker) {
    if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
    await worker.running.catch(() => undefined);
    await worker.connection.close();
  }
  if (sandbox) await new Promise((r) => sandbox.close(r));
  await dev?.stop();
}

/** `npm start`: the dev server (unless TEMPORAL_ADDRESS), the sandbox, the worker and the API, with their URLs. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  // The worker's own start-up chatter (bundling, state changes) hides the URLs; warnings still show.
  // Ctrl-C is ours to handle (below), so the parts stop in order even during start-up.
  Runtime.install({ logger: new DefaultLogger(config.logLevel.toUpperCase() as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'), shutdownSignals: [] });
  const running: Running = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API, the worker, the sandbox and the dev server (whichever are running)...`);
    await stopAll(running);
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const ownServer = !config.temporal.address;
  await assertPortFree(config.api.port, 'API', 'PORT');
  await assertPortFree(config.sandbox.port, 'sandbox processor', 'SANDBOX_PORT');
  if (ownServer) {
    await assertPortFree(config.temporal.port, 'Temporal dev server', 'TEMPORAL_PORT');
    await assertPortFree(config.temporal.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }

  if (ownServer) {
    const resolved = resolveTemporal('cli', { log: say('temporal') });
    say('temporal')(`using the Temporal CLI from ${resolved.source}`);
    const dbFile = resolve(config.dataDir, 'temporal.sqlite');
    running.dev = await startDevServer({ resolved, port: config.temporal.port, uiPort: config.temporal.uiPort, namespace: config.temporal.namespace, dbFile, log: say('temporal') });
    say('temporal')(`dev server up, state kept in ${dbFile}`);
  } else {
    say('temporal')(`using the existing server at ${config.temporal.address} (no dev server started)`);
  }

  const connection = await Connection.connect({ address: temporalAddress(config) });
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  say('temporal')(added.length ? `registered search attributes ${added.join(', ')}` : 'search attributes already registered');
  await connection.close();

  running.sandbox = await startSandbox(config);
  running.worker = await startWorker(config);
  running.api = await startApi(config);
  const dev = running.dev;

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Loop Disputes is ready (${seconds}s):`,
      `  API                  http://localhost:${config.api.port}   (GET /health, POST /v1/disputes)`,
      ...(dev ? [`  Temporal Web UI      ${dev.uiUrl}/namespaces/${config.temporal.namespace}/workflows`] : []),
      `  Temporal frontend    ${temporalAddress(config)}   namespace "${config.temporal.namespace}"`,
      `  Worker               polling task queue "${config.temporal.taskQueue}"`,
      `  Sandbox processor    http://localhost:${config.sandbox.port}   (POST /v1/transactions to create a charge to dispute)`,
      `  Customer outbox      http://localhost:${config.sandbox.port}/v1/outbox`,
      `  Docs                 ${join(resolve(__dirname, '..'), 'README.md')}`,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );

}

main().catch((err) => {
  console.error(err instanceof ConfigError || err?.name === 'TemporalNotFoundError' ? `\n${err.message}\n` : err);
  process.exit(1);
});
