import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { HISTORIES_DIR } from '../support/histories';

/**
 * Replays every committed case history (recorded by `npm run histories:record`) against today's
 * workflow code. A change that would break a running case fails here: guard it with `patched()`.
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('replaying recorded case histories', () => {
  test('there are at least 20 of them, covering the paths of the policy', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
    await Worker.runReplayHistory(codePath ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH }, history, file.replace(/\.json$/, ''));
  });
});
