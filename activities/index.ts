import { createDocumentActivities } from './document';
import { createInvestigationActivities } from './investigation';
import { createNotificationActivities } from './notification';
import type { Ports } from './ports';
import { createResolutionActivities } from './resolution';

/** All activities of a dispute case, built from the ports the worker's composition root provides. */
export function createCaseActivities(ports: Ports) {
  return {
    ...createInvestigationActivities(ports),
    ...createResolutionActivities(ports),
    ...createNotificationActivities(ports),
    ...createDocumentActivities(ports),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
export type { Ports } from './ports';
