import type { Server } from 'node:http';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config';
import { createSandboxApp } from './app';
import { SandboxStore } from './store';

/** Runs the sandbox processor service, its records in `<DATA_DIR>/sandbox.json`. */
export function startSandbox(config: Config): Promise<Server> {
  const app = createSandboxApp(new SandboxStore(join(config.dataDir, 'sandbox.json')));
  return new Promise((resolve, reject) => {
    const server = app.listen(config.sandbox.port, () => resolve(server));
    server.once('error', reject);
  });
}

if (require.main === module) {
  const config = loadConfig();
  startSandbox(config)
    .then(() => console.log(`sandbox processor on http://localhost:${config.sandbox.port}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
