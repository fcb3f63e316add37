import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT, isExecutable, onPath, withInstallLock } from './executables';

export { PROJECT_ROOT };

/** Pinned so every machine tests against the same OpenAPI spec and fixtures. */
export const STRIPE_MOCK_MODULE = 'github.com/stripe/stripe-mock@v0.203.0';


export type ResolvedStripeMock = { executable: string; source: string } | { executable: null; reason: string };

export interface ResolveStripeMockOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder for project-local tools (git-ignored). @default <project>/.tools */
  toolsDir?: string;
  log?: (line: string) => void;
}

/**
 * Finds stripe-mock, or builds it, with no internet but the Go module proxy; says which it used.
 *
 * Order: `STRIPE_MOCK_PATH`; `stripe-mock` on PATH; `<project>/.tools/go-bin/stripe-mock`; else
 * `go install` of the pinned version into that folder (about 16 s, once). Without Go it returns
 * `executable: null` and the reason; a Go that fails to build it throws (that is a broken setup,
 * not a missing tool).
 */
export function resolveStripeMock(options: ResolveStripeMockOptions = {}): ResolvedStripeMock {
  const env = options.env ?? process.env;
  const gobin = join(options.toolsDir ?? join(PROJECT_ROOT, '.tools'), 'go-bin');
  const log = options.log ?? ((line: string) => console.log(`[stripe-mock] ${line}`));

  const fromEnv = env.STRIPE_MOCK_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`STRIPE_MOCK_PATH=${fromEnv} is not an executable file`);
    return { executable: fromEnv, source: 'STRIPE_MOCK_PATH' };
  }
  const found = onPath('stripe-mock', env);
  if (found) return { executable: found, source: 'stripe-mock on PATH' };
  const target = join(gobin, 'stripe-mock');
  if (isExecutable(target)) return { executable: target, source: target };

  const go = onPath('go', env);
  if (!go) return { executable: null, reason: `no stripe-mock (set STRIPE_MOCK_PATH or put it on PATH) and no go on PATH to build ${STRIPE_MOCK_MODULE}` };
  // The same lock as the Temporal installs: two test runs never build into the same folder at once.
  return withInstallLock(join(gobin, '..'), log, () => {
    if (isExecutable(target)) return { executable: target, source: target };
    log(`building ${STRIPE_MOCK_MODULE} with go install into ${gobin} (about 16 s, once)`);
    // Inherit stderr so go's own download and build progress reaches the person waiting.
    const result = spawnSync(go, ['install', '-v', STRIPE_MOCK_MODULE], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, GOBIN: gobin } });
    if (result.status !== 0 || !isExecutable(target)) throw new Error(`go install ${STRIPE_MOCK_MODULE} failed (exit ${result.status ?? result.signal}); see go's output above`);
    return { executable: target, source: `go install ${STRIPE_MOCK_MODULE}` };
  });
}

/** A port free on 127.0.0.1 right now (the OS picks it; a small race until stripe-mock binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningStripeMock {
  /** e.g. `http://127.0.0.1:40123`: give it to `createStripeProcessor({ apiBase })`. */
  apiBase: string;
  stop(): Promise<void>;
}

async function waitUntilAnswering(apiBase: string, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone !== null) throw new Error(`stripe-mock exited before answering: ${gone}`);
    try {
      const response = await fetch(`${apiBase}/v1/charges/ch_ready`, { headers: { authorization: 'Bearer sk_test_ready' }, signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`stripe-mock did not answer at ${apiBase} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts stripe-mock on free loopback ports and resolves once it answers.
 *
 * Listens on 127.0.0.1 only (`-http-addr`/`-https-addr`; `-http-port` would bind every interface).
 * stripe-mock always opens an HTTPS listener too, so it gets its own free port rather than 12112.
 */
export async function startStripeMock(executable: string, options: { timeoutMs?: number } = {}): Promise<RunningStripeMock> {
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const child = spawn(executable, ['-http-addr', `127.0.0.1:${httpPort}`, '-https-addr', `127.0.0.1:${httpsPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exit: string | null = null;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exit = `exit ${code ?? signal}: ${output.trim()}`;
      done();
    }),
  );
  child.once('error', (err) => (exit = err.message));
  const stop = async () => {
    if (exit === null) child.kill('SIGTERM');
    await exited;
  };
  const apiBase = `http://127.0.0.1:${httpPort}`;
  try {
    await waitUntilAnswering(apiBase, () => exit, options.timeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { apiBase, stop };
}
