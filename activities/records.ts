import type { RecordWrite } from '../records/record';
import { translatePortErrors } from './failures';
import type { Ports } from './ports';

/** Builds the activity that writes a case's record over the records port. */
export function createRecordActivities({ records }: Pick<Ports, 'records'>) {
  return {
    /** Writes the case record as of its version and the status changes not yet written: idempotent and monotonic, so retries are safe. */
    async recordCase(write: RecordWrite): Promise<void> {
      await translatePortErrors(() => records.write(write));
    },
  };
}
