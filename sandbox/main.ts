import type { Server } from 'node:http';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config';
import { createSandboxApp } from './app';
import { SandboxStore, type SandboxEvent } from './store';

/** Posts a sandbox event to the API's webhook, as a processor would; a failure is logged, not fatal (polling covers it). */
function deliverTo(url: string) {
  return (event: SandboxEvent) => {
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(10_000) })
      .then((res) => {
        if (!res.ok) console.warn(`[sandbox] webhook ${event.type} answered ${res.status}`);
      })
      .catch((err: Error) => console.warn(`[sandbox] webhook ${event.type} not delivered: ${err.message}`));
  };
}

/** Runs the sandbox processor service, its records in `<DATA_DIR>/sandbox.json`, events to `config.sandbox.webhookUrl`. */
export function startSandbox(config: Config): Promise<Server> {
  const app = createSandboxApp(new SandboxStore(join(config.dataDir, 'sandbox.json'), deliverTo(config.sandbox.webhookUrl)));
  return new Promise((resolve, reject) => {
    const server = app.listen(config.sandbox.port, config.sandbox.host, () => resolve(server));
    server.once('error', reject);
  });
}

if (require.main === module) {
  const config = loadConfig();
  startSandbox(config)
    .then(() => console.log(`sandbox processor on http://localhost:${config.sandbox.port} (GET / lists what each request takes)`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
