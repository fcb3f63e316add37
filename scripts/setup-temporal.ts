import { Connection } from '@temporalio/client';
import { loadConfig, temporalAddress } from '../config';
import { temporalConnectionOptions, type TemporalConnectionOptions } from '../config/temporal-connection';
import { ensureSearchAttributes } from '../tooling/temporal-setup';

/** Connects once the frontend answers: in docker compose it starts alongside this script. */
async function connectWhenReady(options: TemporalConnectionOptions, timeoutMs: number): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ ...options, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      console.log(`waiting for Temporal at ${options.address}...`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** `npm run temporal:setup`: registers the case search attributes on an existing cluster (idempotent). */
async function main() {
  const config = loadConfig();
  const address = temporalAddress(config);
  const connection = await connectWhenReady(temporalConnectionOptions(config), 180_000);
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  console.log(added.length ? `registered ${added.join(', ')} on ${address}/${config.temporal.namespace}` : `search attributes already registered on ${address}/${config.temporal.namespace}`);
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
