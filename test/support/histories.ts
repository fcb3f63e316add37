import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

/** Every committed history, one folder per version of the workflow (see its README). */
export const HISTORIES_DIR = join(__dirname, '..', 'histories');
/** Where histories of today's workflow are recorded; older folders are never written again. */
export const CURRENT_HISTORIES_DIR = join(HISTORIES_DIR, 'v3');

/**
 * With RECORD_HISTORIES=1, saves the case's event history as `test/histories/v3/<name>.json` for
 * the replay test (`npm run histories:record`). Otherwise does nothing: the committed histories
 * are the record of what earlier versions of the workflow did, and are never re-recorded.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(CURRENT_HISTORIES_DIR, { recursive: true });
  writeFileSync(join(CURRENT_HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
