import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { HISTORIES_DIR } from '../support/histories';

/**
 * Replays every committed case history, of every version of the workflow (one folder each, see
 * test/histories/README.md), against today's workflow code. A change that would break a running
 * case fails here: guard it with `patched()`, never by recording the history again.
 */
const versions = readdirSync(HISTORIES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const files = versions.flatMap((v) => readdirSync(join(HISTORIES_DIR, v)).filter((f) => f.endsWith('.json')).sort().map((f) => `${v}/${f}`));

describe('replaying recorded case histories', () => {
  test('there are at least 20 of them, covering the paths of the policy, and none outside a version folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  test('the histories of the first version are all still there', () => {
    expect(files.filter((f) => f.startsWith('v1/')).length).toBeGreaterThanOrEqual(33);
  });

  test.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
    await Worker.runReplayHistory(codePath ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH }, history, file.replace(/\.json$/, ''));
  });
});
