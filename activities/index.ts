import { createDocumentActivities } from './document';
import { createInvestigationActivities } from './investigation';
import { createNotificationActivities } from './notification';
import type { Ports } from './ports';
import { createRecordActivities } from './records';
import { createResolutionActivities } from './resolution';

/** All activities of a dispute case, built from the ports the worker's composition root provides. */
/** `timeZone`: the zone the customer's documents show times in (Loop's, LOOP_TIME_ZONE). */
export function createCaseActivities(ports: Ports, { timeZone }: { timeZone?: string } = {}) {
  return {
    ...createInvestigationActivities(ports),
    ...createResolutionActivities(ports),
    ...createNotificationActivities(ports),
    ...createRecordActivities(ports),
    ...createDocumentActivities({ documents: ports.documents, ...(timeZone ? { timeZone } : {}) }),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
export type { Ports } from './ports';
