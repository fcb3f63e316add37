import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One AES-256 key and the id written beside every payload it encrypts. */
export interface PayloadKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The keys payloads are encrypted with: `current` encrypts, every key (current included) decrypts.
 * Old keys stay in the ring after a rotation so histories written under them still read.
 */
export interface KeyRing {
  readonly current: PayloadKey;
  readonly keys: readonly PayloadKey[];
  /** The key with this id, or undefined. */
  find(id: string): PayloadKey | undefined;
}

/** A key ring text that cannot be used; the message never contains key material. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A ring from its keys, the first one current. */
export function keyRingOf(keys: readonly PayloadKey[]): KeyRing {
  if (keys.length === 0) throw new KeyRingError('a key ring needs at least one key');
  const byId = new Map<string, PayloadKey>();
  for (const k of keys) {
    if (byId.has(k.id)) throw new KeyRingError(`key id "${k.id}" appears twice; every key needs its own id`);
    byId.set(k.id, k);
  }
  return { current: keys[0]!, keys, find: (id) => byId.get(id) };
}

function parseEntry(entry: string, position: number): PayloadKey {
  const colon = entry.indexOf(':');
  if (colon < 0) throw new KeyRingError(`entry ${position} is not "id:base64key" (no colon)`);
  const id = entry.slice(0, colon);
  const encoded = entry.slice(colon + 1);
  // An id that is not valid may be a key pasted in the wrong place: describe it, never show it.
  if (!KEY_ID.test(id)) throw new KeyRingError(`entry ${position}: the key id must be 1 to 64 letters, digits, "_" or "-"`);
  if (!BASE64.test(encoded)) throw new KeyRingError(`key "${id}" is not standard base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) throw new KeyRingError(`key "${id}" is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`);
  return { id, key };
}

/**
 * Reads `id:base64key,id:base64key,...` (commas or line breaks between entries). The first entry is
 * the current key; every key is exactly 32 bytes; ids are `[A-Za-z0-9_-]{1,64}` and unique.
 */
export function parseKeyRing(text: string): KeyRing {
  const entries = text.split(/[,\r\n]+/).map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new KeyRingError('no keys: expected "id:base64key" entries separated by commas');
  return keyRingOf(entries.map((entry, i) => parseEntry(entry, i + 1)));
}

/** The text form of a ring (what `parseKeyRing` reads), current key first, one entry a line. */
export function formatKeyRing(ring: KeyRing): string {
  return `${ring.keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',\n')}\n`;
}

/** A fresh random key with an id like `dev-20250611-3f9a1c2e` (date, then random so two a day differ). */
export function generateKey(prefix = 'dev', now = new Date()): PayloadKey {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { id: `${prefix}-${day}-${randomBytes(4).toString('hex')}`, key: randomBytes(KEY_BYTES) };
}

function readRingFile(file: string): KeyRing {
  try {
    return parseKeyRing(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof KeyRingError) throw new KeyRingError(`${file}: ${err.message}`);
    throw err;
  }
}

function writeSecret(file: string, text: string, flag: 'w' | 'wx'): void {
  writeFileSync(file, text, { mode: 0o600, flag });
  // The mode above applies only when the file is created, and through the umask.
  chmodSync(file, 0o600);
}

/**
 * The development key ring in `<dataDir>/payload-keys`; on first run the file is created (mode
 * 0600) with one random key, and `created` says so, so `npm start` can tell the user.
 */
export function loadOrCreateDevKeyRing(dataDir: string): { ring: KeyRing; file: string; created: boolean } {
  const file = join(dataDir, 'payload-keys');
  if (existsSync(file)) return { ring: readRingFile(file), file, created: false };
  mkdirSync(dataDir, { recursive: true });
  const ring = keyRingOf([generateKey()]);
  try {
    writeSecret(file, formatKeyRing(ring), 'wx');
  } catch (err) {
    // Another process (the API beside the worker) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ring: readRingFile(file), file, created: false };
    throw err;
  }
  return { ring, file, created: true };
}

/**
 * Rotates the key ring file: a new random key becomes current, the old ones stay after it so
 * payloads written under them still decrypt. Returns the new id and every id now in the file.
 */
export function addKey(file: string, prefix = 'dev', now = new Date()): { id: string; ids: string[] } {
  const old = readRingFile(file);
  const added = generateKey(prefix, now);
  const ring = keyRingOf([added, ...old.keys]);
  writeSecret(file, formatKeyRing(ring), 'w');
  return { id: added.id, ids: ring.keys.map((k) => k.id) };
}
