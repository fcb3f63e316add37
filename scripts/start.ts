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
import { runtimeTelemetry } from '../workers/metrics';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { payloadKeyRing } from '../config/payload-keys';
import { formatKeyRing, loadOrCreateDevKeyRing } from '../security/keys';
import { devSecretsEnv, loadOrCreateDevSecrets, type DevSecrets } from '../tooling/dev-secrets';
import { devSignInLinks, type DevSignInLink } from '../tooling/dev-sign-in';
import { startMailCatcher, type MailCatcher } from '../tooling/mail-catcher';
import { startRecordsDatabase, type RecordsDatabase } from '../tooling/records-database';
import { redactedUrl } from '../db/pool';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../tooling/console-build';

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
  mail?: MailCatcher;
  sandbox?: import('node:http').Server;
  worker?: Awaited<ReturnType<typeof startWorker>>;
  api?: Awaited<ReturnType<typeof startApi>>;
  database?: RecordsDatabase;
}

/** What has started so far: stopped on Ctrl-C, on a fatal stop, and on a failed start. */
const running: Running = {};
// The embedded database runs detached (pg_ctl): whatever ends this process also stops it (stop() is synchronous).
process.once('exit', () => running.database?.stop());

/** Stops what has started, in order: the API, the worker (it drains), the sandbox, the dev server, the database last. */
async function stopAll({ api, worker, sandbox, dev, mail, database }: Running): Promise<void> {
  if (api) {
    await new Promise((r) => api.server.close(r));
    await api.connection.close();
    await api.pool.end();
  }
  if (worker) {
    if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
    await worker.running.catch(() => undefined);
    await worker.connection.close();
    await worker.pool.end();
  }
  if (sandbox) await new Promise((r) => sandbox.close(r));
  await mail?.close();
  await dev?.stop();
  database?.stop();
}

/** The development keys to print, for the roles whose keys `npm start` supplied (not ones the environment set). */
function credentialLines(secrets: DevSecrets, file: string, filled: Record<string, string>, port: number): string[] {
  if (!filled.API_KEYS) return ['  Credentials          from API_KEYS / JWT_* in the environment'];
  const width = Math.max(...secrets.apiKeys.map((k) => k.role.length));
  return [
    '',
    `Development credentials (one X-API-Key per role, kept in ${file}; never for production):`,
    ...secrets.apiKeys.map((k) => `  ${k.role.padEnd(width)}  ${k.secret}   (${k.role === 'customer' ? `acts for customer id "${k.name}"` : `as "${k.name}"`})`),
    `  try: curl -H 'X-API-Key: ${secrets.apiKeys.find((k) => k.role === 'agent')!.secret}' http://localhost:${port}/v1/disputes`,
    '',
  ];
}

/** The console's sign-in links when `npm start` supplied the JWT settings; with the user's own identity provider, its tokens. */
function consoleLines(links: DevSignInLink[] | undefined, consoleUrl: string): string[] {
  if (!links) return [`Console sign-in: ${consoleUrl}/sign-in with a token from the identity provider in JWT_* (agent, supervisor or analyst)`, ''];
  const width = Math.max(...links.map((l) => l.role.length));
  return [
    'Console sign-in links (development tokens, valid 12 h from now; open one in a browser, run npm start again for fresh ones):',
    ...links.map((l) => `  ${l.role.padEnd(width)}  ${l.url}   (as "${l.subject}")`),
    '',
  ];
}

/** How an engineer reads encrypted payloads in clear in the dev server's Web UI, and the CLI lines for this very system. */
function codecLines(apiPort: number, uiPort: number, address: string, namespace: string): string[] {
  const cli = (command: string) => `temporal workflow ${command} --address ${address} --namespace ${namespace}`;
  const codec = `--codec-endpoint http://localhost:${apiPort}/codec --codec-header X-API-Key=<engineer key>`;
  return [
    'Reading cases in clear in the Temporal Web UI (payloads are encrypted; the API decodes them for engineers):',
    `  1. open http://localhost:${apiPort}/codec/session and sign in with the engineer key`,
    `  2. in http://localhost:${uiPort} (same host name "localhost"), open the Codec Server settings: "Use my browser setting",`,
    `     endpoint http://localhost:${apiPort}/codec, tick "Include cross-origin credentials", apply`,
    '  CLI (this system\'s server and codec):',
    `    ${cli('list')} --query 'DisputeStatus = "AWAITING_DECISION"'`,
    `    ${cli('show')} -w dispute-DSP-… ${codec}`,
    `    ${cli('query')} -w dispute-DSP-… --name caseState ${codec}`,
    '',
  ];
}

/** `npm start`: the dev server (unless TEMPORAL_ADDRESS), the sandbox, the worker and the API, with their URLs. */
async function main() {
  const started = Date.now();
  // Development credentials (API keys per role, a JWT secret, the answer-link secret): generated once, never over what is set.
  const dev = loadOrCreateDevSecrets(process.env.DATA_DIR || 'data');
  const devKeys = loadOrCreateDevKeyRing(process.env.DATA_DIR || 'data');
  const filled = { ...devSecretsEnv(dev.secrets, process.env), ...(process.env.PAYLOAD_ENCRYPTION_KEYS ? {} : { PAYLOAD_ENCRYPTION_KEYS: formatKeyRing(devKeys.ring) }) };
  Object.assign(process.env, filled);
  if (dev.created) say('security')(`generated development credentials in ${dev.file} (kept for later runs; not for production)`);
  if (dev.added.length) say('security')(`added ${dev.added.join(' and ')} to ${dev.file}`);
  let config = loadConfig();
  // The worker's own start-up chatter (bundling, state changes) hides the URLs; warnings still show.
  // Ctrl-C is ours to handle (below), so the parts stop in order even during start-up.
  Runtime.install({ logger: new DefaultLogger(config.logLevel.toUpperCase() as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'), shutdownSignals: [], ...runtimeTelemetry(config.metrics) });
  let stopping = false;
  const stop = async (why: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping the API, the worker, the sandbox, the dev server and the database (whichever are running)...`);
    await stopAll(running);
    console.log('stopped.');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const ownServer = !config.temporal.address;
  await assertPortFree(config.api.port, 'API', 'PORT');
  await assertPortFree(config.sandbox.port, 'sandbox processor', 'SANDBOX_PORT');
  if (config.mail.catcher) {
    await assertPortFree(config.mail.catcher.smtpPort, 'mail catcher (SMTP)', 'MAIL_CATCHER_PORT');
    await assertPortFree(config.mail.catcher.webPort, 'mail catcher (web)', 'MAIL_CATCHER_WEB_PORT');
  }
  if (ownServer) {
    await assertPortFree(config.temporal.port, 'Temporal dev server', 'TEMPORAL_PORT');
    await assertPortFree(config.temporal.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }

  // The console served from this checkout is built here when missing or older than its sources; a
  // CONSOLE_DIR of the user's own is theirs to build. A failed build leaves the rest running (the
  // console's URL then answers a page saying it is not built), with Vite's reason above.
  if (resolve(config.console.dir) === CONSOLE_DIST) {
    try {
      const done = ensureConsoleBuilt(say('console'));
      if (done !== 'up to date') say('console')(`${done} in ${CONSOLE_DIST}`);
    } catch (err) {
      say('console')(`the console could not be built (${(err as Error).message.split('\n')[0]}); starting without it: run npm run console:build to see why`);
    }
  }

  // The records database first: the worker and the API get its URL as DATABASE_URL.
  running.database = await startRecordsDatabase({
    ...(config.database.url ? { url: config.database.url } : {}),
    dataDir: config.dataDir,
    port: config.database.embeddedPort,
    password: dev.secrets.databasePassword,
    log: say('database'),
  });
  if (running.database.embedded) {
    process.env.DATABASE_URL = running.database.url;
    config = loadConfig();
  }

  if (ownServer) {
    const resolved = resolveTemporal('cli', { log: say('temporal') });
    say('temporal')(`using the Temporal CLI from ${resolved.source}`);
    const dbFile = resolve(config.dataDir, 'temporal.sqlite');
    running.dev = await startDevServer({
      resolved,
      port: config.temporal.port,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      dbFile,
      uiCodecEndpoint: `http://localhost:${config.api.port}/codec`,
      log: say('temporal'),
      // Without its server the worker would log "connection refused" forever: everything stops, saying why.
      onGiveUp: (reason) => void stop(`[temporal] ${reason}; nothing works without it (start again with npm start)`, 1),
    });
    say('temporal')(`dev server up (pid ${running.dev.pid() ?? 'run by the SDK'}), state kept in ${dbFile}`);
  } else {
    say('temporal')(`using the existing server at ${config.temporal.address} (no dev server started)`);
  }

  const connection = await Connection.connect(temporalConnectionOptions(config));
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  say('temporal')(added.length ? `registered search attributes ${added.join(', ')}` : 'search attributes already registered');
  await connection.close();

  const ring = payloadKeyRing(config);
  say('security')(
    devKeys.created
      ? `generated a payload encryption key in ${devKeys.file} (first run; keep it: without it the cases stored so far cannot be read)`
      : `payloads encrypted with key "${ring.current.id}"${config.payloadKeys === filled.PAYLOAD_ENCRYPTION_KEYS ? ` from ${devKeys.file}` : ' from PAYLOAD_ENCRYPTION_KEYS'}`,
  );
  running.sandbox = await startSandbox(config);
  if (config.mail.catcher) running.mail = await startMailCatcher({ smtpPort: config.mail.catcher.smtpPort, webPort: config.mail.catcher.webPort, log: say('mail') });
  running.worker = await startWorker(config);
  running.api = await startApi(config);
  const devServer = running.dev;
  const consoleUrl = `http://localhost:${config.api.port}/console`;
  // Only for the development identity provider: a token minted here would mean nothing to the user's own.
  const signInLinks = (filled as Record<string, string>).JWT_SECRET
    ? await devSignInLinks({ secrets: dev.secrets, baseUrl: `http://localhost:${config.api.port}`, ...(config.api.jwt ? { roleClaim: config.api.jwt.roleClaim } : {}) })
    : undefined;

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Loop Disputes is ready (${seconds}s):`,
      `  API                  http://localhost:${config.api.port}   (GET /health, POST /v1/disputes, POST /v1/intake/email|chat)`,
      `  Agent console        ${consoleUrl}   (agents, supervisors, analysts; served from ${resolve(config.console.dir)})`,
      ...(devServer ? [`  Temporal Web UI      ${devServer.uiUrl}/namespaces/${config.temporal.namespace}/workflows`] : []),
      `  Temporal frontend    ${temporalAddress(config)}   namespace "${config.temporal.namespace}"`,
      `  Worker               polling task queue "${config.temporal.taskQueue}"`,
      `  Sandbox processor    http://localhost:${config.sandbox.port}   (POST /v1/transactions to create a charge to dispute)`,
      running.mail
        ? `  Customer e-mail      ${running.mail.webUrl}   (mail catcher; SMTP ${running.mail.smtpUrl})`
        : config.mail.transport === 'smtp'
          ? `  Customer e-mail      sent through ${config.mail.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')}`
          : `  Customer outbox      http://localhost:${config.sandbox.port}/v1/outbox`,
      `  Records database     ${redactedUrl(running.database.url)}   (${running.database.embedded ? `embedded PostgreSQL, data in ${resolve(config.dataDir, 'postgres')}` : 'DATABASE_URL'})`,
      `  Resolution documents ${config.documentStore === 'folder' ? resolve(config.documentsDir) : 'in the records database (table documents)'}`,
      `  Queues and reports   GET http://localhost:${config.api.port}/v1/disputes, /v1/queues, /v1/reports/summary   (metrics: /metrics, from this machine)`,
      `  Docs                 ${join(resolve(__dirname, '..'), 'README.md')}`,
      ...credentialLines(dev.secrets, dev.file, filled, config.api.port),
      ...consoleLines(signInLinks, consoleUrl),
      ...(devServer ? codecLines(config.api.port, config.temporal.uiPort, temporalAddress(config), config.temporal.namespace) : []),
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );

}

main().catch(async (err) => {
  console.error(err instanceof ConfigError || err?.name === 'TemporalNotFoundError' || err?.name === 'RecordsDatabaseError' ? `\n${err.message}\n` : err);
  // A start that failed half-way leaves nothing running behind it.
  await stopAll(running).catch(() => undefined);
  process.exit(1);
});
