import { renderResolutionPdf } from '../documents/pdf';
import { resolutionDocumentId, resolutionRecord } from '../documents/record';
import type { CaseState, Resolution } from '../domain/vocabulary';
import { translatePortErrors } from './failures';
import type { DocumentRef, Ports } from './ports';

/**
 * Builds the activity that documents a resolution over the document store. `timeZone` is Loop's,
 * in which the customer reads the document's dates and times. @default 'Europe/Paris'
 */
export function createDocumentActivities({ documents, timeZone }: Pick<Ports, 'documents'> & { timeZone?: string }) {
  return {
    /**
     * Renders how the case was resolved (the JSON record and its PDF, in the customer's language)
     * and stores both under `resolution-<case run>-<decision sequence>`. The workflow fixes
     * `generatedAt`, so a retry stores the very same bytes.
     */
    async documentResolution(input: { state: CaseState; resolution: Resolution; generatedAt: string; caseRunId: string }): Promise<DocumentRef> {
      const ref: DocumentRef = { caseId: input.state.caseId, documentId: resolutionDocumentId(input.caseRunId, input.resolution.decisionSequence) };
      const record = resolutionRecord(input.state, input.resolution, input.generatedAt, { timeZone });
      const json = new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
      const pdf = await renderResolutionPdf(record);
      await translatePortErrors(() => documents.save(ref, { pdf, json }));
      return ref;
    },
  };
}
