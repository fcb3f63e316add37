import type { Pool } from 'pg';
import { DOCUMENT_FORMATS, type DocumentStore } from '../../activities/ports';
import { checkFormat, checkRef } from './filesystem';

/**
 * Resolution documents in the `documents` table, one row per rendering (pdf, json), so every
 * worker and API process reads what any worker saved. A save replaces both renderings in one
 * transaction (a reader sees the old pair or the new one) and stamps them saved now: the latest
 * document of a case is the one saved last (by `saved_at`, the database's clock).
 */
export function createPostgresDocumentStore(pool: Pool): DocumentStore {
  return {
    async save(ref, content) {
      checkRef(ref);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const format of DOCUMENT_FORMATS) {
          await client.query(
            `INSERT INTO documents (case_id, document_id, format, content, saved_at) VALUES ($1, $2, $3, $4, clock_timestamp())
             ON CONFLICT (case_id, document_id, format) DO UPDATE SET content = EXCLUDED.content, saved_at = EXCLUDED.saved_at`,
            [ref.caseId, ref.documentId, format, Buffer.from(content[format])],
          );
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },

    async read(ref, format) {
      checkRef(ref);
      checkFormat(format);
      const { rows } = await pool.query<{ content: Buffer }>('SELECT content FROM documents WHERE case_id = $1 AND document_id = $2 AND format = $3', [ref.caseId, ref.documentId, format]);
      return rows[0] ? new Uint8Array(rows[0].content) : null;
    },

    async latest(caseId) {
      checkRef({ caseId, documentId: 'latest' });
      const { rows } = await pool.query<{ document_id: string }>('SELECT document_id FROM documents WHERE case_id = $1 ORDER BY saved_at DESC, document_id DESC LIMIT 1', [caseId]);
      return rows[0] ? { caseId, documentId: rows[0].document_id } : null;
    },
  };
}
