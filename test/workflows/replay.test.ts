import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { HISTORIES_DIR } from '../support/histories';

/**
 * Replays every committed case history, of every version of the workflow (the first version's at
 * the top of test/histories, later ones in a folder each, see its README), against today's
 * workflow code. A change that would break a running case fails here: guard it with `patched()`,
 * never by recording the history again.
 */
const jsonIn = (dir: string) => readdirSync(join(HISTORIES_DIR, dir)).filter((f) => f.endsWith('.json')).sort();
const firstVersion = jsonIn('.');
const versions = readdirSync(HISTORIES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const files = [...firstVersion, ...versions.flatMap((v) => jsonIn(v).map((f) => `${v}/${f}`))];

describe('replaying recorded case histories', () => {
  test('there are at least 20 of them, covering the paths of the policy', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test('the histories of the first version are all still there', () => {
    expect(firstVersion.length).toBeGreaterThanOrEqual(33);
  });

  test.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    const codePath = process.env.LOOP_TEST_WORKFLOW_BUNDLE;
    await Worker.runReplayHistory(codePath ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH }, history, file.replace(/\.json$/, ''));
  });
});
