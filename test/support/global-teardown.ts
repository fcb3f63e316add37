import { stopTestDatabases } from './databases';

/** Once after `npm test`: stops the database servers the global setup started. */
export default function globalTeardown(): void {
  stopTestDatabases();
}
