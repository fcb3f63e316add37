import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * With RECORD_HISTORIES=1, saves the case's event history as `test/histories/<name>.json` for the
 * replay test (`npm run histories:record` re-records them all). Otherwise does nothing: the
 * committed histories are the record of what earlier versions of the workflow did.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
