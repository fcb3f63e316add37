import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomically } from '../write-atomically';

/** What we remember of a sent e-mail: enough to answer a retry without sending again. */
export interface SentEntry {
  messageId: string;
  caseId: string;
  kind: string;
  sentAt: string;
}

/** The e-mails already handed to the SMTP server, by idempotency key. */
export interface SentLog {
  /** Whether an e-mail was sent under `key`. */
  has(key: string): Promise<boolean>;
  /** Notes that the e-mail for `key` went out; the first record of a key wins. */
  record(key: string, entry: SentEntry): Promise<void>;
}

/** A log in memory: for tests, or a process that may send again after a restart. */
export function createMemorySentLog(): SentLog {
  const sent = new Map<string, SentEntry>();
  return {
    async has(key) {
      return sent.has(key);
    },
    async record(key, entry) {
      if (!sent.has(key)) sent.set(key, { ...entry });
    },
  };
}

/**
 * A log in one JSON file (an object keyed by idempotency key). Each write goes to a temporary file
 * renamed over the old one, so a crash never leaves half a file; writes from this process are
 * serialised, so concurrent records never lose one another. One process (the worker) should write it.
 */
export function createFileSentLog(path: string): SentLog {
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Record<string, SentEntry>> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Record<string, SentEntry>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  async function save(all: Record<string, SentEntry>): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, JSON.stringify(all, null, 2));
  }

  /** Runs after every earlier operation of this log, whatever their outcome. */
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const run = queue.then(op, op);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    has(key) {
      return serial(async () => key in (await load()));
    },
    record(key, entry) {
      return serial(async () => {
        const all = await load();
        if (all[key]) return;
        all[key] = { ...entry };
        await save(all);
      });
    },
  };
}
