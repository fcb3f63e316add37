import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporal } from '../../tooling/temporal-cli';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { createMigratedDatabase, startTestDatabases } from './databases';

/**
 * Once per `npm test`: finds (or installs) the Temporal CLI and the time-skipping test server the
 * same way `npm start` does, starts the database servers, and bundles the workflows once. Test files read both from the env.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[test setup] ${line}\n`);
  const cli = resolveTemporal('cli', { log });
  const testServer = resolveTemporal('test-server', { log });
  log(`Temporal CLI from ${cli.source}; time-skipping test server from ${testServer.source}`);
  process.env.LOOP_TEST_TEMPORAL_CLI = JSON.stringify(cli.executable);
  process.env.LOOP_TEST_TEMPORAL_TEST_SERVER = JSON.stringify(testServer.executable);
  // The records store's tests run on a real PostgreSQL and on the embedded default (test/support/database.ts).
  const databases = await startTestDatabases(log);
  process.env.LOOP_TEST_DATABASES = JSON.stringify(databases);
  // One migrated database every API test may read (empty queues), so `apiOver` always has records.
  if (databases[0]) process.env.LOOP_TEST_SHARED_DATABASE_URL = await createMigratedDatabase(databases[0].url, 'loop_test_shared');

  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, info() {}, warn: console.warn, error: console.error, debug() {}, trace() {} } as never });
  const bundle = join(mkdtempSync(join(tmpdir(), 'loop-disputes-')), 'workflow-bundle.js');
  writeFileSync(bundle, code);
  process.env.LOOP_TEST_WORKFLOW_BUNDLE = bundle;
}
