import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IllegalStateError } from '@temporalio/common';
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Config } from '../config';
import { refusalBody, scrapeAccess } from '../metrics/access';
import { createMetrics, type LoopMetrics } from '../metrics/metrics';

export { instrumentPorts } from '../metrics/ports';

type MetricsConfig = Config['metrics'];

/**
 * The Temporal SDK's own metrics (task slots, poll and schedule-to-start latencies, sticky cache),
 * exported by its runtime on 127.0.0.1 only: the worker's metrics server reads and serves them with
 * ours, under the same access rule. Spread into every `Runtime.install` of a worker process.
 */
export function runtimeTelemetry({ temporalPort }: Pick<MetricsConfig, 'temporalPort'>): Pick<RuntimeOptions, 'telemetryOptions'> {
  if (temporalPort === 0) return {};
  return { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${temporalPort}` } } } };
}

/**
 * Installs the SDK runtime with its metrics exporter: `already-installed` when a runtime was, or
 * `without-exporter` when its port is taken
 * (`npm start` and tests install their own, with `runtimeTelemetry` when they want the SDK's metrics).
 * Must run before any connection to Temporal is made.
 */
export function installRuntimeWithMetrics(config: Pick<MetricsConfig, 'temporalPort'>, options: RuntimeOptions = {}): 'installed' | 'already-installed' | 'without-exporter' {
  try {
    Runtime.install({ ...options, ...runtimeTelemetry(config) });
    return 'installed';
  } catch (err) {
    if (err instanceof IllegalStateError) return 'already-installed';
    // The exporter's port is taken (a second worker on this machine): work cases without the SDK's metrics rather than not at all.
    console.warn(`worker metrics: the Temporal SDK's exporter could not start on 127.0.0.1:${config.temporalPort} (${(err as Error).message}); set TEMPORAL_METRICS_PORT per worker`);
    Runtime.install(options);
    return 'without-exporter';
  }
}

/** The SDK's exposition, or a line saying it could not be read (the scrape still answers with ours). */
async function temporalExposition(temporalPort: number): Promise<string> {
  if (temporalPort === 0) return '';
  const failed = (v: 0 | 1) => `# HELP loop_temporal_metrics_read_failed 1 when the Temporal SDK's metrics could not be read for this scrape.\n# TYPE loop_temporal_metrics_read_failed gauge\nloop_temporal_metrics_read_failed ${v}\n`;
  try {
    const res = await fetch(`http://127.0.0.1:${temporalPort}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return failed(1);
    const text = await res.text();
    return `${failed(0)}${text.endsWith('\n') || text === '' ? text : `${text}\n`}`;
  } catch {
    return failed(1);
  }
}

export interface WorkerMetricsServer {
  /** Where it listens (`http://host:port/metrics`); null when METRICS_PORT is 0. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * The worker's `GET /metrics` over node:http: our registry, then the SDK's families (their names are
 * `temporal_*`, ours `loop_*`, `process_*`, `nodejs_*`, so the two texts concatenate into one valid
 * exposition). Loopback peers only unless a token is configured. Does not keep the process alive.
 */
export async function serveWorkerMetrics(config: MetricsConfig, metrics: LoopMetrics): Promise<WorkerMetricsServer> {
  if (config.port === 0) return { url: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    const problem = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers }).end(JSON.stringify(body));
    };
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return problem(404, { type: 'urn:loop-disputes:problem:NOT_FOUND', code: 'NOT_FOUND', title: 'not found', status: 404, detail: `No route ${req.method} ${path}.`, errors: [], instance: path });
    }
    const access = scrapeAccess(req.socket.remoteAddress, req.headers.authorization, config.token);
    if (access !== 'ok') return problem(access === 'UNAUTHENTICATED' ? 401 : 403, refusalBody(access, path), access === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer realm="metrics"' } : {});
    Promise.all([metrics.exposition(), temporalExposition(config.temporalPort)]).then(
      ([ours, temporal]) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(`${ours}\n${temporal}`),
      () => problem(500, { type: 'urn:loop-disputes:problem:INTERNAL', code: 'INTERNAL', title: 'internal error', status: 500, detail: 'The metrics could not be collected.', errors: [], instance: path }),
    );
  });
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen(config.port, config.host, () => resolve(true));
  });
  // A busy port must not keep the worker from working cases: it runs, unscraped, and says so.
  if (!listening) {
    console.warn(`worker metrics: ${config.host}:${config.port} is in use; no /metrics for this worker (set METRICS_PORT)`);
    return { url: null, close: async () => undefined };
  }
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}/metrics`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The worker's metrics, started before its connection: the SDK runtime with its exporter (when no
 * runtime is installed yet), our registry, and the server. Returns the registry for `instrumentPorts`.
 */
export async function startWorkerMetrics(config: Pick<Config, 'metrics'>): Promise<{ metrics: LoopMetrics; server: WorkerMetricsServer }> {
  const runtime = installRuntimeWithMetrics(config.metrics);
  const metrics = createMetrics();
  // Without our exporter the port belongs to another process: never serve its figures as ours.
  const temporalPort = runtime === 'without-exporter' ? 0 : config.metrics.temporalPort;
  return { metrics, server: await serveWorkerMetrics({ ...config.metrics, temporalPort }, metrics) };
}
