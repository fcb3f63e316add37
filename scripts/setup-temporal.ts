import { Connection } from '@temporalio/client';
import { loadConfig, temporalAddress } from '../config';
import { ensureSearchAttributes } from '../tooling/temporal-setup';

/** `npm run temporal:setup`: registers the case search attributes on an existing cluster (idempotent). */
async function main() {
  const config = loadConfig();
  const address = temporalAddress(config);
  const connection = await Connection.connect({ address });
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  console.log(added.length ? `registered ${added.join(', ')} on ${address}/${config.temporal.namespace}` : `search attributes already registered on ${address}/${config.temporal.namespace}`);
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
