import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { addKey, generateKey } from '../security/keys';

const USAGE = `usage: tsx scripts/rotate-payload-key.ts [--file <payload-keys file>] [--print [--prefix <id prefix>]]
  (no option)  adds a new current key to DATA_DIR/payload-keys; older keys stay to decrypt old payloads
  --file       rotates that key file instead
  --print      only prints a new "id:base64key" entry, to put first in PAYLOAD_ENCRYPTION_KEYS`;

/**
 * Rotates the payload encryption key: a new key becomes current (new payloads use it) and the old
 * ones stay in the ring (histories written under them still read). Restart the worker and API after.
 */
function main(args: string[]): void {
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  if (args.includes('--help') || args.includes('-h')) return console.log(USAGE);
  if (args.includes('--print')) {
    const key = generateKey(option('--prefix') ?? 'key');
    console.error('A new key entry. Put it FIRST in PAYLOAD_ENCRYPTION_KEYS, keep the old entries after it, then restart the worker and the API:');
    console.log(`${key.id}:${key.key.toString('base64')}`);
    return;
  }
  const file = option('--file') ?? join(loadConfig().dataDir, 'payload-keys');
  if (!existsSync(file)) throw new Error(`no key file at ${file}: \`npm start\` creates one on its first run (or pass --file)`);
  const { id, ids } = addKey(file);
  const older = ids.slice(1);
  console.log(`${file}: key ${id} is now current; new payloads are encrypted with it.`);
  console.log(`Kept ${older.length} older key(s) to decrypt existing histories: ${older.join(', ')}.`);
  console.log('Restart the worker and the API (npm start) so they use the new key.');
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
