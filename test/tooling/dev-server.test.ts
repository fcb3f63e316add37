import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import { redactedUrl } from '../../db/pool';
import { startDevServer, type RunningDevServer } from '../../tooling/dev-server';
import { consoleBuildNeeded } from '../../tooling/console-build';
import { MIGRATIONS, freshDatabase } from '../support/database';

type Executable = { type: 'existing-path'; path: string } | { type: 'cached-download' };
const cli = JSON.parse(process.env.LOOP_TEST_TEMPORAL_CLI ?? '{"type":"cached-download"}') as Executable;
// Supervision is of a process we spawn; the SDK-run server (no CLI on this machine) is not supervised.
const withCli = cli.type === 'existing-path' ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

withCli('the dev server npm start runs', () => {
  let dev: RunningDevServer | undefined;
  afterEach(async () => {
    await dev?.stop();
    dev = undefined;
  });

  test('a dev server killed under it is started again on the same file, saying so, then given up on after the bounded restarts', async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const path = (cli as { path: string }).path;
    dev = await startDevServer({
      resolved: { executable: { type: 'existing-path', path }, source: 'test' },
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      dbFile: join(mkdtempSync(join(tmpdir(), 'dev-server-')), 'temporal.sqlite'),
      log: (line) => lines.push(line),
      maxRestarts: 1,
      onGiveUp: (reason) => gaveUp.push(reason),
    });
    const first = dev.pid()!;
    process.kill(first, 'SIGKILL');
    await until('the restart', () => lines.some((l) => /back on/.test(l)));
    expect(lines.join('\n')).toMatch(/stopped on its own \(exit SIGKILL\); restarting it \(restart 1 of at most 1\)/);
    expect(dev.pid()).not.toBe(first);
    expect(await answers(dev.address)).toBe(true);
    expect(gaveUp).toEqual([]);

    process.kill(dev.pid()!, 'SIGKILL');
    await until('giving up', () => gaveUp.length > 0, 20_000);
    expect(gaveUp[0]).toMatch(/already restarted 1 times .*giving up/);
    expect(await answers(dev.address)).toBe(false);
  });
});

/** `npm start` on free ports and a data folder of its own; `output()` is everything it printed so far. */
async function npmStart(extraEnv: NodeJS.ProcessEnv = {}) {
  const ports = { PORT: await freePort(), SANDBOX_PORT: await freePort(), TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), MAIL_CATCHER_PORT: await freePort(), MAIL_CATCHER_WEB_PORT: await freePort(), EMBEDDED_DATABASE_PORT: await freePort() };
  const root = resolve(__dirname, '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, TEMPORAL_CLI_PATH: (cli as { path: string }).path, LOG_LEVEL: 'warn', ...extraEnv };
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  let output = '';
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await until('npm start to be ready', () => /is ready/.test(output) || child.exitCode !== null, 110_000);
  const exited = () => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
  return { child, ports, dataDir, output: () => output, exited };
}

/** Whether anything accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), ok(true)));
    socket.once('error', () => ok(false));
  });
}

withCli('npm start', () => {
  let runner: ChildProcess | undefined;
  afterEach(async () => {
    if (runner && runner.exitCode === null) {
      runner.kill('SIGINT');
      await new Promise((r) => runner!.once('exit', r));
    }
  });

  test('runs the embedded records database: migrated, its URL (password hidden) in the banner and passed on, stopped on Ctrl-C', async () => {
    const started = await npmStart();
    runner = started.child;
    const output = started.output();
    expect(output).toMatch(/is ready/);
    const port = started.ports.EMBEDDED_DATABASE_PORT;
    expect(output).toMatch(new RegExp(`\\[database\\] applying the database migrations \\(db/migrations\\)\\.\\.\\.\n\\[database\\] applied ${MIGRATIONS.length} migration\\(s\\): ${MIGRATIONS.join(', ')} \\(`));
    expect(output).toContain(`  Records database     postgres://loop:***@127.0.0.1:${port}/loop_records   (embedded PostgreSQL, data in ${join(started.dataDir, 'postgres')})`);
    expect(output).toMatch(/ {2}analyst\s+dev_analyst_\S+ {3}\(as "analyst_demo"\)/);
    const { databasePassword } = JSON.parse(readFileSync(join(started.dataDir, 'dev-credentials.json'), 'utf8')) as { databasePassword: string };
    expect(output).not.toContain(databasePassword);

    // The console: its URL, and a sign-in link per console role whose token the API exchanges for a session.
    const api = `http://localhost:${started.ports.PORT}`;
    expect(output).toContain(`  Agent console        ${api}/console   (`);
    for (const role of ['agent', 'supervisor', 'analyst']) expect(output).toMatch(new RegExp(` {2}${role}\\s+${api}/console/sign-in#token=[\\w-]+\\.[\\w-]+\\.[\\w-]+ {3}\\(as "${role}_demo"\\)`));
    const agentToken = new RegExp(`${api}/console/sign-in#token=(\\S+) {3}\\(as "agent_demo"\\)`).exec(output)![1]!;
    const signedIn = await fetch(`${api}/v1/session`, { method: 'POST', headers: { authorization: `Bearer ${agentToken}` } });
    expect(signedIn.status).toBe(201);
    expect(await signedIn.json()).toMatchObject({ subject: 'agent_demo', role: 'agent' });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${api}/v1/queues`, { headers: { cookie } })).status).toBe(200);
    // The console itself, built by npm start when this checkout had none or an old one: the page a person opens.
    const page = await fetch(`${api}/console/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect(consoleBuildNeeded()).toBeUndefined();

    const db = new Client({ connectionString: `postgres://loop:${encodeURIComponent(databasePassword)}@127.0.0.1:${port}/loop_records` });
    await db.connect();
    const { rows } = await db.query<{ name: string }>('SELECT name FROM pgmigrations');
    await db.end();
    expect(rows.map((r) => r.name)).toContain('1764633600000_records');

    runner.kill('SIGINT');
    expect(await started.exited()).toBe(0);
    expect(started.output()).toMatch(/stopping the API, the worker, the sandbox, the dev server and the database[\s\S]*stopped\./);
    expect(await listening(port)).toBe(false);
    expect(existsSync(join(started.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  test('with DATABASE_URL set starts no database and says it uses that one', async () => {
    const db = await freshDatabase();
    try {
      const started = await npmStart({ DATABASE_URL: db.url });
      runner = started.child;
      expect(started.output()).toMatch(/is ready/);
      expect(started.output()).toContain('(DATABASE_URL; no embedded server started)');
      expect(started.output()).toContain(`  Records database     ${redactedUrl(db.url)}   (DATABASE_URL)`);
      expect(existsSync(join(started.dataDir, 'postgres'))).toBe(false);
      runner.kill('SIGINT');
      expect(await started.exited()).toBe(0);
    } finally {
      await db.drop();
    }
  }, 180_000);

  test('notices its dev server died, restarts it (the API answers healthy again), and after three restarts stops everything saying why', async () => {
    const started = await npmStart();
    runner = started.child;
    const { ports } = started;
    const output = started.output;
    expect(output()).toMatch(/is ready/);
    const pid = Number(/dev server up \(pid (\d+)\)/.exec(output())?.[1]);
    expect(pid).toBeGreaterThan(0);

    process.kill(pid, 'SIGKILL');
    await until('the restart', () => /the Temporal dev server is back/.test(output()), 60_000);
    expect(output()).toMatch(/stopped on its own \(exit SIGKILL\); restarting it \(restart 1 of at most 3\)/);
    const health = async () => (await fetch(`http://127.0.0.1:${ports.PORT}/health`).catch(() => null))?.status === 200;
    await until('the API to answer healthy', health, 30_000);

    const restarts = () => [...output().matchAll(/dev server is back on \S+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    for (let restart = 2; restart <= 4; restart++) {
      process.kill(restarts().at(-1)!, 'SIGKILL');
      if (restart <= 3) await until(`restart ${restart}`, () => restarts().length === restart, 60_000);
    }
    const exitCode = await started.exited();
    expect(exitCode).toBe(1);
    expect(output()).toMatch(/already restarted 3 times in 10 minutes; giving up; nothing works without it[\s\S]*stopped\./);
    // The fatal stop stops the database too.
    expect(await listening(ports.EMBEDDED_DATABASE_PORT)).toBe(false);
  }, 300_000);
});
