import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a file whole or not at all (a temporary file renamed over it): a reader, or a process that
 * dies mid-write, never sees half a record or half a document.
 */
export async function writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
