import type { DocumentRef } from '../../activities/ports';
import { createPostgresDocumentStore } from '../../adapters/documents/postgres';
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/database';

const CASE = 'DSP-0123456789';
const OTHER_CASE = 'DSP-ABCDEFGHJK';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (content: Uint8Array | null) => (content === null ? null : new TextDecoder().decode(content));
const ref = (documentId: string, caseId = CASE): DocumentRef => ({ caseId, documentId });

describe.each(databaseKinds())('the database document store on the %s server', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.drop());
  beforeEach(() => db.pool.query('TRUNCATE documents'));

  test('reads back each rendering it saved, byte for byte', async () => {
    const store = createPostgresDocumentStore(db.pool);
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a]);
    await store.save(ref('resolution-1'), { pdf, json: bytes('{"n":1}') });
    expect(await store.read(ref('resolution-1'), 'pdf')).toEqual(pdf);
    expect(text(await store.read(ref('resolution-1'), 'json'))).toBe('{"n":1}');
  });

  test('answers null for a document or a case it does not have', async () => {
    const store = createPostgresDocumentStore(db.pool);
    expect(await store.read(ref('resolution-1'), 'pdf')).toBeNull();
    expect(await store.latest(CASE)).toBeNull();
  });

  test('names the most recently saved document of a case as its latest, per case', async () => {
    const store = createPostgresDocumentStore(db.pool);
    await store.save(ref('resolution-2'), { pdf: bytes('2'), json: bytes('2') });
    await store.save(ref('resolution-1'), { pdf: bytes('1'), json: bytes('1') });
    await store.save(ref('resolution-1', OTHER_CASE), { pdf: bytes('x'), json: bytes('x') });
    expect(await store.latest(CASE)).toEqual(ref('resolution-1'));
    expect(await store.latest(OTHER_CASE)).toEqual(ref('resolution-1', OTHER_CASE));
  });

  test('replaces a document saved again under the same ref (a retried step), which becomes the latest', async () => {
    const store = createPostgresDocumentStore(db.pool);
    await store.save(ref('resolution-1'), { pdf: bytes('first'), json: bytes('first') });
    await store.save(ref('resolution-2'), { pdf: bytes('second'), json: bytes('second') });
    await store.save(ref('resolution-1'), { pdf: bytes('again'), json: bytes('again') });
    expect(text(await store.read(ref('resolution-1'), 'pdf'))).toBe('again');
    expect(text(await store.read(ref('resolution-1'), 'json'))).toBe('again');
    expect(await store.latest(CASE)).toEqual(ref('resolution-1'));
    expect((await db.pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n).toBe(4);
  });

  test('a document one process saved is read by another (a worker saves it, any API serves it)', async () => {
    const other = await import('../../db/pool').then(({ createPool }) => createPool({ url: db.url, poolMax: 2, applicationName: 'loop-test-api' }));
    try {
      await createPostgresDocumentStore(db.pool).save(ref('resolution-1'), { pdf: bytes('kept'), json: bytes('{}') });
      const api = createPostgresDocumentStore(other);
      expect(text(await api.read(ref('resolution-1'), 'pdf'))).toBe('kept');
      expect(await api.latest(CASE)).toEqual(ref('resolution-1'));
    } finally {
      await other.end();
    }
  });

  test.each([
    ['a case id that is not a case number', ref('resolution-1', "DSP-0123456789' OR '1'='1")],
    ['a document id with a slash', ref('a/b')],
    ['an empty document id', ref('')],
  ])('refuses %s, storing nothing', async (_what, bad) => {
    const store = createPostgresDocumentStore(db.pool);
    await expect(store.save(bad, { pdf: bytes('x'), json: bytes('x') })).rejects.toMatchObject({ type: 'INVALID_INPUT', retryable: false });
    await expect(store.read(bad, 'pdf')).rejects.toMatchObject({ type: 'INVALID_INPUT' });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n).toBe(0);
  });

  test('refuses a format other than pdf or json', async () => {
    await expect(createPostgresDocumentStore(db.pool).read(ref('resolution-1'), 'html' as never)).rejects.toMatchObject({ type: 'INVALID_INPUT' });
  });
});
