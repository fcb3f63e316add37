import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleBuildNeeded } from '../../tooling/console-build';

/** A build folder whose index.html was written `at`. */
function builtAt(at: Date): string {
  const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  writeFileSync(join(dist, 'index.html'), '<div id="root"></div>');
  utimesSync(join(dist, 'index.html'), at, at);
  return dist;
}

describe('whether npm start must build the console', () => {
  test('a checkout with no build needs one', () => {
    expect(consoleBuildNeeded(mkdtempSync(join(tmpdir(), 'console-dist-')))).toBe('missing');
  });

  test('a build older than the console sources (or the domain modules it bundles) is stale', () => {
    expect(consoleBuildNeeded(builtAt(new Date('2020-01-01T00:00:00Z')))).toBe('stale');
  });

  test('a build newer than every source is served as it is', () => {
    expect(consoleBuildNeeded(builtAt(new Date(Date.now() + 60_000)))).toBeUndefined();
  });
});
