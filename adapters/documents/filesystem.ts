import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOCUMENT_FORMATS, PortError, type DocumentFormat, type DocumentRef, type DocumentStore } from '../../activities/ports';
import { ErrorType } from '../../domain/errors';
import { CASE_ID_PATTERN } from '../../domain/ids';
import { writeAtomically } from '../write-atomically';

const DOCUMENT_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
const INDEX_FILE = 'index.json';

interface CaseIndex {
  /** Document ids in the order they were (last) saved; the last one is the latest. */
  documents: string[];
}

/** Refuses anything but a case number and a plain document id: nothing a path could escape the folder with. */
export function checkRef(ref: DocumentRef): void {
  if (typeof ref?.caseId !== 'string' || !CASE_ID_PATTERN.test(ref.caseId)) {
    throw new PortError(ErrorType.INVALID_INPUT, `not a case number: ${JSON.stringify(ref?.caseId)}`, false);
  }
  if (typeof ref.documentId !== 'string' || !DOCUMENT_ID_PATTERN.test(ref.documentId)) {
    throw new PortError(ErrorType.INVALID_INPUT, `not a document id: ${JSON.stringify(ref.documentId)}`, false);
  }
}

/** Refuses a rendering other than the stored ones. */
export function checkFormat(format: DocumentFormat): void {
  if (!DOCUMENT_FORMATS.includes(format)) throw new PortError(ErrorType.INVALID_INPUT, `not a document format: ${JSON.stringify(format)}`, false);
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Resolution documents as files `<dir>/<caseId>/<documentId>.pdf|.json`, kept after the case's
 * workflow is gone. Each case folder has a small index naming its documents in the order saved,
 * for `latest`. Saves of one case are serialised within this instance; across processes each file
 * is replaced atomically, so a reader sees an old or a new document, never a torn one.
 */
export function createFileDocumentStore(dir: string): DocumentStore {
  const queues = new Map<string, Promise<unknown>>();
  const serialised = <T>(caseId: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(caseId) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(caseId, settled);
    void settled.then(() => {
      if (queues.get(caseId) === settled) queues.delete(caseId);
    });
    return next;
  };
  const readIndex = async (caseId: string): Promise<CaseIndex> => {
    const raw = await readOrNull(join(dir, caseId, INDEX_FILE));
    return raw ? (JSON.parse(raw.toString('utf8')) as CaseIndex) : { documents: [] };
  };

  return {
    async save(ref, content) {
      checkRef(ref);
      await serialised(ref.caseId, async () => {
        const folder = join(dir, ref.caseId);
        await mkdir(folder, { recursive: true });
        for (const format of DOCUMENT_FORMATS) await writeAtomically(join(folder, `${ref.documentId}.${format}`), content[format]);
        const index = await readIndex(ref.caseId);
        const documents = [...index.documents.filter((id) => id !== ref.documentId), ref.documentId];
        await writeAtomically(join(folder, INDEX_FILE), `${JSON.stringify({ documents } satisfies CaseIndex)}\n`);
      });
    },

    async read(ref, format: DocumentFormat) {
      checkRef(ref);
      checkFormat(format);
      const content = await readOrNull(join(dir, ref.caseId, `${ref.documentId}.${format}`));
      return content ? new Uint8Array(content) : null;
    },

    async latest(caseId) {
      checkRef({ caseId, documentId: 'latest' });
      const last = (await readIndex(caseId)).documents.at(-1);
      return last ? { caseId, documentId: last } : null;
    },
  };
}
