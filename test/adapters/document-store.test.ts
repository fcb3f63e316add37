import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentRef } from '../../activities/ports';
import { createFileDocumentStore } from '../../adapters/documents/filesystem';

const CASE = 'DSP-0123456789';
const OTHER_CASE = 'DSP-ABCDEFGHJK';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (content: Uint8Array | null) => (content === null ? null : new TextDecoder().decode(content));
const ref = (documentId: string, caseId = CASE): DocumentRef => ({ caseId, documentId });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loop-document-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the file document store', () => {
  test('reads back each rendering it saved, as the files <caseId>/<documentId>.pdf and .json', async () => {
    const store = createFileDocumentStore(dir);
    await store.save(ref('resolution-1'), { pdf: bytes('%PDF-1.3 one'), json: bytes('{"n":1}') });
    expect(text(await store.read(ref('resolution-1'), 'pdf'))).toBe('%PDF-1.3 one');
    expect(text(await store.read(ref('resolution-1'), 'json'))).toBe('{"n":1}');
    expect(await readFile(join(dir, CASE, 'resolution-1.pdf'), 'utf8')).toBe('%PDF-1.3 one');
    expect((await readdir(join(dir, CASE))).sort()).toEqual(['index.json', 'resolution-1.json', 'resolution-1.pdf']);
  });

  test('answers null for a document or a case it does not have', async () => {
    const store = createFileDocumentStore(dir);
    expect(await store.read(ref('resolution-1'), 'pdf')).toBeNull();
    expect(await store.latest(CASE)).toBeNull();
  });

  test('names the most recently saved document of a case as its latest, per case', async () => {
    const store = createFileDocumentStore(dir);
    await store.save(ref('resolution-1'), { pdf: bytes('1'), json: bytes('1') });
    await store.save(ref('resolution-2'), { pdf: bytes('2'), json: bytes('2') });
    await store.save(ref('resolution-1', OTHER_CASE), { pdf: bytes('x'), json: bytes('x') });
    expect(await store.latest(CASE)).toEqual(ref('resolution-2'));
    expect(await store.latest(OTHER_CASE)).toEqual(ref('resolution-1', OTHER_CASE));
  });

  test('replaces a document saved again under the same ref (a retried step), leaving no temporary files', async () => {
    const store = createFileDocumentStore(dir);
    await Promise.all([
      store.save(ref('resolution-1'), { pdf: bytes('first'), json: bytes('first') }),
      store.save(ref('resolution-2'), { pdf: bytes('second'), json: bytes('second') }),
      store.save(ref('resolution-1'), { pdf: bytes('again'), json: bytes('again') }),
    ]);
    expect(text(await store.read(ref('resolution-1'), 'json'))).toBe('again');
    expect(await store.latest(CASE)).toEqual(ref('resolution-1'));
    expect(JSON.parse(await readFile(join(dir, CASE, 'index.json'), 'utf8'))).toEqual({ documents: ['resolution-2', 'resolution-1'] });
    expect((await readdir(join(dir, CASE))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('keeps documents across store instances (a new worker or the API reads what an old one saved)', async () => {
    await createFileDocumentStore(dir).save(ref('resolution-1'), { pdf: bytes('kept'), json: bytes('{}') });
    const later = createFileDocumentStore(dir);
    expect(text(await later.read(ref('resolution-1'), 'pdf'))).toBe('kept');
    expect(await later.latest(CASE)).toEqual(ref('resolution-1'));
  });

  test.each([
    ['a case id climbing out of the folder', ref('resolution-1', '../DSP-0123456789')],
    ['a case id that is a path', ref('resolution-1', 'DSP-0123456789/../../etc')],
    ['a lower-case or short case id', ref('resolution-1', 'dsp-0123456789')],
    ['a document id climbing out of the case', ref('../../secret')],
    ['a document id with a slash', ref('a/b')],
    ['a document id with a dot', ref('resolution-1.pdf')],
    ['an empty document id', ref('')],
    ['a document id over 64 characters', ref('a'.repeat(65))],
  ])('refuses %s, reading or writing nothing', async (_what, bad) => {
    await writeFile(join(dir, 'secret.pdf'), 'do not read');
    const store = createFileDocumentStore(dir);
    await expect(store.save(bad, { pdf: bytes('x'), json: bytes('x') })).rejects.toMatchObject({ type: 'INVALID_INPUT', retryable: false });
    await expect(store.read(bad, 'pdf')).rejects.toMatchObject({ type: 'INVALID_INPUT' });
    expect(await readdir(dir)).toEqual(['secret.pdf']);
  });

  test('refuses to list the latest document of something that is not a case number', async () => {
    await expect(createFileDocumentStore(dir).latest('../..')).rejects.toMatchObject({ type: 'INVALID_INPUT' });
  });

  test('refuses a format other than pdf or json', async () => {
    await expect(createFileDocumentStore(dir).read(ref('resolution-1'), 'html' as never)).rejects.toMatchObject({ type: 'INVALID_INPUT' });
  });
});
