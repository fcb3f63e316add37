import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { startDevServer, type RunningDevServer } from '../../tooling/dev-server';

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

withCli('npm start', () => {
  let runner: ChildProcess | undefined;
  afterEach(async () => {
    if (runner && runner.exitCode === null) {
      runner.kill('SIGINT');
      await new Promise((r) => runner!.once('exit', r));
    }
  });

  test('notices its dev server died, restarts it (the API answers healthy again), and after three restarts stops everything saying why', async () => {
    const ports = { PORT: await freePort(), SANDBOX_PORT: await freePort(), TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), MAIL_CATCHER_PORT: await freePort(), MAIL_CATCHER_WEB_PORT: await freePort() };
    const root = resolve(__dirname, '..', '..');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: mkdtempSync(join(tmpdir(), 'npm-start-')), TEMPORAL_CLI_PATH: (cli as { path: string }).path, LOG_LEVEL: 'warn' };
    for (const [name, port] of Object.entries(ports)) env[name] = String(port);
    let output = '';
    runner = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    runner.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    runner.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until('npm start to be ready', () => /is ready/.test(output) || runner!.exitCode !== null, 110_000);
    expect(output).toMatch(/is ready/);
    const pid = Number(/dev server up \(pid (\d+)\)/.exec(output)?.[1]);
    expect(pid).toBeGreaterThan(0);

    process.kill(pid, 'SIGKILL');
    await until('the restart', () => /the Temporal dev server is back/.test(output), 60_000);
    expect(output).toMatch(/stopped on its own \(exit SIGKILL\); restarting it \(restart 1 of at most 3\)/);
    const health = async () => (await fetch(`http://127.0.0.1:${ports.PORT}/health`).catch(() => null))?.status === 200;
    await until('the API to answer healthy', health, 30_000);

    const restarts = () => [...output.matchAll(/dev server is back on \S+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    for (let restart = 2; restart <= 4; restart++) {
      process.kill(restarts().at(-1)!, 'SIGKILL');
      if (restart <= 3) await until(`restart ${restart}`, () => restarts().length === restart, 60_000);
    }
    const exitCode = await new Promise<number | null>((r) => (runner!.exitCode !== null ? r(runner!.exitCode) : runner!.once('exit', (code) => r(code))));
    expect(exitCode).toBe(1);
    expect(output).toMatch(/already restarted 3 times in 10 minutes; giving up; nothing works without it[\s\S]*stopped\./);
  }, 300_000);
});
