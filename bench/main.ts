import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Client, type Pool } from 'pg';
import { startApi } from '../api/main';
import { loadConfig, type Config } from '../config';
import { migrateDatabase } from '../db/migrate';
import { createPool, redactedUrl } from '../db/pool';
import { startSandbox } from '../sandbox/main';
import { formatKeyRing, loadOrCreateDevKeyRing } from '../security/keys';
import { devSecretsEnv, loadOrCreateDevSecrets } from '../tooling/dev-secrets';
import { startDevServer, type RunningDevServer } from '../tooling/dev-server';
import { startRecordsDatabase } from '../tooling/records-database';
import { freePort } from '../tooling/stripe-mock';
import { resolveTemporal } from '../tooling/temporal-cli';
import { ensureSearchAttributes } from '../tooling/temporal-setup';
import { createPorts } from '../adapters';
import { payloadKeyRing } from '../config/payload-keys';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { encryptedDataConverter } from '../security/data-converter';
import { createCaseWorker } from '../workers/worker';
import { CONSOLE_DIST } from '../tooling/console-build';
import { devSignInLinks } from '../tooling/dev-sign-in';
import { consoleRows } from './console';
import { seedRecords, type Seeded } from './seed';
import { ms, stats } from './stats';

/**
 * `npm run bench`: the figures of issue 12 on this machine, on a system of its own (a Temporal dev
 * server, the sandbox, a worker and the API on free ports; the embedded PostgreSQL in a temporary
 * folder, or a scratch database on DATABASE_URL's server). Prints a table and writes
 * bench/results.json. A row that cannot be measured on this build says why instead of a number.
 */

const OPEN_CASES = 10_000;
const ENDED_CASES = 2_000;
const READS = Number(process.env.BENCH_READS ?? 200);
const WARM_UP_READS = 20;
/** Cases per throughput round; the rounds alternate with / without the records activity. */
const CASES_PER_ROUND = Number(process.env.BENCH_CASES ?? 20);
const ROUNDS = 2;
const IN_FLIGHT = 10;
const ENDED_STATUSES = new Set(['RESOLVED', 'FOLLOW_UP', 'CLOSED']);

const say = (part: string) => (line: string) => console.log(`[${part}] ${line}`);

export interface Row {
  name: string;
  goal: string;
  /** The figure, or null when not measured. */
  value: number | null;
  unit: string;
  verdict: 'met' | 'missed' | 'not measured';
  detail: string;
}

class NotMeasured extends Error {}


interface Api {
  base: string;
  key: (role: string) => string;
}

async function call(api: Api, role: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.base}${path}`, { ...init, headers: { 'x-api-key': api.key(role), 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the message.
  }
  return { status: res.status, body };
}

/** p50 / p99 / max of `READS` sequential requests after a warm-up; `check` refuses an answer that is not the one measured. */
async function latency(api: Api, role: string, paths: (i: number) => string, check: (status: number, body: unknown) => string | undefined) {
  for (let i = 0; i < WARM_UP_READS; i++) {
    const { status, body } = await call(api, role, paths(i));
    const problem = check(status, body);
    if (problem) throw new NotMeasured(problem);
  }
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    const { status, body } = await call(api, role, paths(i));
    times.push(performance.now() - started);
    const problem = check(status, body);
    if (problem) throw new NotMeasured(problem);
  }
  return stats(times);
}

function describeAnswer(status: number, body: unknown): string {
  return `answered ${status} ${JSON.stringify(body).slice(0, 160)}`;
}

async function readRows(api: Api, seeded: Seeded): Promise<Row[]> {
  const rows: Row[] = [];
  const listed = (status: number, body: unknown) => {
    if (status !== 200) return `GET /v1/disputes ${describeAnswer(status, body)}`;
    const b = body as { data?: unknown[]; nextCursor?: unknown };
    if (!Array.isArray(b.data) || !('nextCursor' in b)) return 'GET /v1/disputes does not read the records yet (no { data, nextCursor } answer: the records read endpoints are not on this build)';
    if (b.data.length === 0) return 'GET /v1/disputes listed no case over 10,000 records';
    return undefined;
  };
  const measure = async (name: string, goalMs: number, run: () => Promise<{ p50: number; p99: number; max: number }>, figure: 'p99' | 'max') => {
    try {
      const r = await run();
      const value = ms(r[figure]);
      rows.push({ name, goal: `${figure} < ${goalMs} ms`, value, unit: 'ms', verdict: value < goalMs ? 'met' : 'missed', detail: `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms over ${READS} requests` });
    } catch (err) {
      if (!(err instanceof NotMeasured)) throw err;
      rows.push({ name, goal: `${figure} < ${goalMs} ms`, value: null, unit: 'ms', verdict: 'not measured', detail: err.message });
    }
    say('bench')(`${name}: ${rows.at(-1)!.verdict === 'not measured' ? `not measured: ${rows.at(-1)!.detail}` : rows.at(-1)!.detail}`);
  };

  await measure(`GET /v1/disputes first page (${OPEN_CASES.toLocaleString('en')} open cases)`, 50, () => latency(api, 'agent', () => '/v1/disputes', listed), 'p99');
  await measure(
    'GET /v1/disputes?q=<customer e-mail>',
    50,
    () =>
      latency(api, 'agent', (i) => `/v1/disputes?q=${encodeURIComponent(seeded.emails[(i * 97) % seeded.emails.length]!)}`, (status, body) => {
        const problem = listed(status, body);
        if (problem) return problem.replace('listed no case over 10,000 records', 'found no case for a customer e-mail in the records');
        const rows = (body as { data: Record<string, unknown>[] }).data;
        const emails = rows.map((r) => r.customerEmail ?? (r.customer as { email?: string } | undefined)?.email);
        if (emails.some((e) => e !== undefined && !String(e).startsWith('customer'))) return `the search by e-mail answered rows of other customers: ${JSON.stringify(emails.slice(0, 3))}`;
        return undefined;
      }),
    'p99',
  );
  await measure(
    'GET /v1/reports/summary?groupBy=category (90 days)',
    500,
    () =>
      latency(api, 'supervisor', () => `/v1/reports/summary?from=${seeded.from}&to=${seeded.to}&groupBy=category`, (status, body) =>
        status === 200 ? undefined : `GET /v1/reports/summary ${describeAnswer(status, body)}${status === 404 ? ' (the reports endpoint is not on this build)' : ''}`,
      ),
    'max',
  );
  return rows;
}

interface RunningWorker {
  stop(): Promise<void>;
}

/** The worker of workers/main.ts, its records port on the bench's PostgreSQL (what production wires). */
async function runWorker(config: Config, pool: Pool): Promise<RunningWorker> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ports: createPorts(config, pool),
    timeZone: config.policy.timeZone,
    dataConverter: encryptedDataConverter(payloadKeyRing(config)),
  });
  const w = { worker, running: worker.run(), connection };
  return {
    async stop() {
      w.worker.shutdown();
      await w.running.catch(() => undefined);
      await w.connection.close();
    },
  };
}

/** Reports `count` auto-resolvable cases (a duplicate capture under the ceiling) through the API, `IN_FLIGHT` at a time; cases per second until each is RESOLVED. */
async function throughput(api: Api, sandboxUrl: string, count: number, tag: string): Promise<number> {
  let next = 0;
  let retries = 0;
  const started = performance.now();
  const one = async (i: number) => {
    const res = await fetch(`${sandboxUrl}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amountMinor: 1000 + ((i * 37) % 3000), orderTotalMinor: 1000 + ((i * 37) % 3000), orderId: `ord_bench_${tag}_${i}`, currency: 'EUR', captureCount: 2 }) });
    if (res.status !== 201) throw new Error(`the sandbox answered ${res.status} to a new transaction`);
    const tx = (await res.json()) as { id: string };
    const customer = `bench-${tag}-${i}`;
    const report = {
      customer: { id: `cus_${customer}`, email: `${customer}@example.com`, locale: 'en' },
      channel: 'web',
      category: 'DUPLICATE_CHARGE',
      transaction: { processor: 'sandbox', id: tx.id },
      description: 'Charged twice for the same order.',
    };
    // As a client should: a 503 is retried with the same Idempotency-Key (never opened twice).
    let opened = await call(api, 'website', '/v1/disputes', { method: 'POST', body: JSON.stringify(report), headers: { 'idempotency-key': `bench-${tag}-${i}` } });
    for (let retry = 0; opened.status === 503 && retry < 5; retry++) {
      retries++;
      await new Promise((r) => setTimeout(r, 1000));
      opened = await call(api, 'website', '/v1/disputes', { method: 'POST', body: JSON.stringify(report), headers: { 'idempotency-key': `bench-${tag}-${i}` } });
    }
    if (opened.status !== 202 && opened.status !== 200) throw new Error(`POST /v1/disputes ${describeAnswer(opened.status, opened.body)}`);
    const id = (opened.body as { disputeId: string }).disputeId;
    const deadline = Date.now() + 120_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const seen = await call(api, 'website', `/v1/disputes/${id}`);
      const status = (seen.body as { status?: string }).status;
      if (status && ENDED_STATUSES.has(status)) return;
      if (status === 'AWAITING_DECISION') throw new Error(`case ${id} waits for an agent: it was not resolved automatically`);
      if (Date.now() > deadline) throw new Error(`case ${id} not resolved within 2 minutes (status ${status ?? seen.status})`);
    }
  };
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await one(next++);
    }),
  );
  if (retries) say('bench')(`${tag}: ${retries} report(s) answered 503 under load and were retried`);
  return count / ((performance.now() - started) / 1000);
}

async function countRecords(pool: Pool, tag: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM case_records WHERE customer_email LIKE $1', [`bench-${tag}-%`]);
  return Number(rows[0]!.n);
}

/**
 * Two workers, each behind an API of its own on its own task queue: one with the records activity,
 * one with CASE_RECORDS=off, both running the whole time; the rounds alternate between them.
 */
async function throughputRow(sandboxUrl: string, env: NodeJS.ProcessEnv, pool: Pool, key: Api['key']): Promise<Row> {
  const name = 'auto-resolved cases per second, with / without the records activity';
  const goal = 'with >= 0.85 x without';
  const notMeasured = (detail: string): Row => ({ name, goal, value: null, unit: 'ratio', verdict: 'not measured', detail });
  const sides = { with: { ...env, TEMPORAL_TASK_QUEUE: 'bench-with' }, without: { ...env, TEMPORAL_TASK_QUEUE: 'bench-without', CASE_RECORDS: 'off' } };
  const configs = { with: loadConfig(sides.with), without: loadConfig(sides.without) };
  if (JSON.stringify(configs.with) === JSON.stringify({ ...configs.without, temporal: configs.with.temporal })) {
    return notMeasured('CASE_RECORDS=off is not a configuration variable on this build (the records activity and its switch are not merged)');
  }
  const stops: (() => Promise<void>)[] = [];
  const apis = {} as Record<'with' | 'without', Api>;
  const rates: Record<'with' | 'without', number[]> = { with: [], without: [] };
  try {
    for (const mode of ['with', 'without'] as const) {
      const port = await freePort();
      const config = { ...configs[mode], api: { ...configs[mode].api, port } };
      const worker = await runWorker(config, pool);
      stops.push(() => worker.stop());
      const started = await startApi(config);
      stops.push(async () => {
        await new Promise((r) => started.server.close(r));
        await started.connection.close();
      });
      apis[mode] = { base: `http://127.0.0.1:${port}`, key };
      say('bench')(`warming up: 10 cases ${mode} the records activity`);
      await throughput(apis[mode], sandboxUrl, 10, `warmup-${mode}`);
    }
    if ((await countRecords(pool, 'warmup-with')) === 0) return notMeasured('the worker wrote no case record for the warm-up cases (the records activity is not on this build)');
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['with', 'without'] as const) {
        const tag = `${mode}-${round}`;
        const rate = await throughput(apis[mode], sandboxUrl, CASES_PER_ROUND, tag);
        rates[mode].push(rate);
        say('bench')(`round ${round}, ${mode} the records activity: ${CASES_PER_ROUND} cases at ${rate.toFixed(2)} cases/s (${await countRecords(pool, tag)} records written)`);
      }
    }
  } catch (err) {
    return notMeasured((err as Error).message);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(rates.with) / mean(rates.without);
  return {
    name,
    goal,
    value: Math.round(ratio * 100) / 100,
    unit: 'ratio',
    verdict: ratio >= 0.85 ? 'met' : 'missed',
    detail: `with ${mean(rates.with).toFixed(2)} cases/s, without ${mean(rates.without).toFixed(2)} cases/s (${ROUNDS} rounds of ${CASES_PER_ROUND} cases each, ${IN_FLIGHT} in flight, alternating; a worker and an API each, on two task queues)`,
  };
}

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.name, r.goal, r.value === null ? '-' : `${r.value}${r.unit === 'ms' || r.unit === 'kB' ? ` ${r.unit}` : ''}`, r.verdict]);
  const head = ['figure', 'goal', 'measured', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log(['', line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'));
  for (const r of rows) console.log(`  ${r.verdict === 'not measured' ? 'not measured' : r.name}: ${r.detail}`);
  console.log('');
}

/** The records database: a scratch database on DATABASE_URL's server (dropped after), or the embedded one in `dir`. */
async function benchDatabase(dir: string): Promise<{ url: string; describe: string; stop(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (!given) {
    const db = await startRecordsDatabase({ dataDir: dir, port: await freePort(), password: randomBytes(18).toString('base64url'), log: say('database') });
    const version = await serverVersion(db.url);
    return { url: db.url, describe: `embedded PostgreSQL ${version} (temporary folder)`, stop: async () => db.stop() };
  }
  const name = `loop_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: given });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(given);
  u.pathname = `/${name}`;
  const url = u.toString();
  say('database')(`scratch database ${name} on ${redactedUrl(given)} (DATABASE_URL; dropped at the end)`);
  await migrateDatabase(url);
  const version = await serverVersion(url);
  return {
    url,
    describe: `PostgreSQL ${version} at DATABASE_URL (scratch database)`,
    async stop() {
      const c = new Client({ connectionString: given });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function serverVersion(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ server_version: string }>('SHOW server_version');
  await c.end();
  return rows[0]!.server_version;
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const dir = mkdtempSync(join(tmpdir(), 'loop-bench-'));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => console.error(`[bench] while stopping: ${err.message}`));
    stops.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const resolved = resolveTemporal('cli', { log: say('temporal') });
    const dev: RunningDevServer = await startDevServer({ resolved, port: await freePort(), uiPort: await freePort(), namespace: 'default', dbFile: join(dir, 'temporal.sqlite'), log: () => undefined });
    stops.push(() => dev.stop());
    say('temporal')(`dev server on ${dev.address} (CLI from ${resolved.source})`);

    const database = await benchDatabase(dir);
    stops.push(() => database.stop());
    const secrets = loadOrCreateDevSecrets(dir).secrets;
    const [apiPort, sandboxPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...devSecretsEnv(secrets, {}),
      PAYLOAD_ENCRYPTION_KEYS: formatKeyRing(loadOrCreateDevKeyRing(dir).ring),
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_TASK_QUEUE: 'bench',
      PORT: String(apiPort),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/v1/webhooks/sandbox`,
      DATA_DIR: dir,
      DATABASE_URL: database.url,
      NOTIFICATIONS: 'outbox',
      // The console the API serves at /console: this checkout's build (C1 builds it when missing or stale).
      CONSOLE_DIR: CONSOLE_DIST,
      // The bench is one caller sending hundreds of requests a minute: the API's limits are not what it measures.
      RATE_LIMIT_PER_MINUTE: '1000000',
      SERVICE_RATE_LIMIT_PER_MINUTE: '1000000',
      CUSTOMER_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig(env);
    const connection = await Connection.connect({ address: dev.address });
    await ensureSearchAttributes(connection, 'default');
    await connection.close();

    const sandbox: Server = await startSandbox(config);
    stops.push(() => new Promise((r) => sandbox.close(r)));
    const started = await startApi(config);
    stops.push(async () => {
      await new Promise((r) => started.server.close(r));
      await started.connection.close();
    });
    say('bench')(`system up: API http://127.0.0.1:${apiPort}, sandbox ${config.sandbox.port}, records on ${redactedUrl(database.url)}`);
    const api: Api = { base: `http://127.0.0.1:${apiPort}`, key: (role) => secrets.apiKeys.find((k) => k.role === role)!.secret };

    const pool = createPool({ url: database.url, poolMax: 10, applicationName: 'loop-bench' });
    stops.push(() => pool.end());
    say('bench')(`seeding ${OPEN_CASES.toLocaleString('en')} open and ${ENDED_CASES.toLocaleString('en')} ended case records through the records port...`);
    const seeded = await seedRecords(pool, { open: OPEN_CASES, ended: ENDED_CASES, log: say('bench') });
    await pool.query('ANALYZE');

    const rows = await readRows(api, seeded);
    say('bench')('agent console: bundle size, then Chromium on the queue and case pages, then decisions...');
    // localhost, as npm start prints it: the console's session cookie is not Secure on a loopback host over http.
    const consoleBase = `http://localhost:${apiPort}`;
    const links = await devSignInLinks({ secrets, baseUrl: consoleBase, ...(config.api.jwt ? { roleClaim: config.api.jwt.roleClaim } : {}) });
    rows.push(
      ...(await consoleRows(
        { base: consoleBase, key: api.key, sandboxUrl: `http://127.0.0.1:${sandboxPort}`, agentSignInLink: links.find((l) => l.role === 'agent')!.url, startWorker: () => runWorker(config, pool), log: say('bench') },
        seeded.open,
      )),
    );
    say('bench')('throughput: auto-resolved cases, report to RESOLVED through the API...');
    rows.push(await throughputRow(`http://127.0.0.1:${sandboxPort}`, env, pool, api.key));

    printTable(rows);
    const commit = (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })();
    const results = {
      measuredAt: new Date().toISOString(),
      commit,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      database: database.describe,
      records: { open: seeded.open, ended: seeded.ended },
      rows,
    };
    const file = resolve(__dirname, 'results.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    say('bench')(`wrote ${file}`);
  } finally {
    await stopAll();
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
