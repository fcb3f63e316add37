/**
 * A worker process as production runs one (workers/main.ts's startWorker: configuration from the
 * environment, migrations, the pool, the real adapters), with a pre-built workflow bundle given as
 * the first argument so a restart takes seconds. `LOOP_TEST_SENT_LOG=file` swaps in the old
 * per-machine file sent log, for measuring what it did (not used by any test).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import type { SentLog } from '../../adapters/smtp/sent-log';

/** The file log as it was before issue 12: "sent" checked in a JSON file of this machine's DATA_DIR. */
function fileSentLog(file: string): SentLog {
  const load = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {});
  return {
    async claim(key) {
      const id = load()[key];
      return id ? { state: 'sent', messageId: id } : { state: 'claimed' };
    },
    async markSent(key) {
      const all = load();
      all[key] = key;
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(all));
    },
    async release() {},
  };
}

/** The worker composed as before issue 12, but for the records pool: e-mail checked against this machine's file. */
async function startFileLogWorker(config: ReturnType<typeof loadConfig>, codePath: string) {
  const { NativeConnection } = await import('@temporalio/worker');
  const { createPorts } = await import('../../adapters');
  const { createSmtpNotifications } = await import('../../adapters/smtp/notifications');
  const { openDatabase } = await import('../../db/open');
  const { temporalConnectionOptions } = await import('../../config/temporal-connection');
  const { payloadKeyRing } = await import('../../config/payload-keys');
  const { encryptedDataConverter } = await import('../../security/data-converter');
  const { createCaseWorker } = await import('../../workers/worker');
  const pool = await openDatabase(config, 'loop-worker-file-log');
  const ports = createPorts(config, pool);
  ports.notifications = createSmtpNotifications({
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    publicUrl: config.publicUrl,
    linkSecret: config.mail.linkSecret!,
    documents: ports.documents,
    sentLog: fileSentLog(join(config.dataDir, 'sent-mail.json')),
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createCaseWorker({ connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, ports, workflowBundle: { codePath }, dataConverter: encryptedDataConverter(payloadKeyRing(config)) });
  return { running: worker.run(), stop: async () => undefined };
}

async function main() {
  const config = loadConfig();
  const codePath = process.argv[2]!;
  if (process.env.LOOP_TEST_SENT_LOG === 'file') {
    const started = await startFileLogWorker(config, codePath);
    process.stdout.write('worker ready\n');
    await started.running;
    return;
  }
  const { startWorker } = await import('../../workers/main');
  const started = await startWorker(config, { workflowBundle: { codePath } });
  process.stdout.write('worker ready\n');
  await started.running;
  await started.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
