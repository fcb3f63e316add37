import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKey, KeyRingError, loadOrCreateDevKeyRing, parseKeyRing } from '../../security/keys';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('parsing a key ring', () => {
  test('the first entry is the current key and every entry decrypts', () => {
    const k2 = b64(32);
    const ring = parseKeyRing(`k2:${k2}, k1:${b64(32)}\n`);
    expect(ring.current.id).toBe('k2');
    expect(ring.current.key.toString('base64')).toBe(k2);
    expect(ring.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(ring.find('k1')?.key).toHaveLength(32);
    expect(ring.find('k3')).toBeUndefined();
  });

  const key = b64(32);
  const short = b64(16);
  test.each([
    ['an empty text', '', /no keys/],
    ['an entry without an id', key, /entry 1 is not "id:base64key"/],
    ['an id with a space', `my key:${key}`, /entry 1: the key id must be 1 to 64 letters/],
    ['an id of 65 characters', `${'a'.repeat(65)}:${key}`, /entry 1: the key id must be/],
    ['a key that is not base64', 'k1:not*base64!', /key "k1" is not standard base64/],
    ['a 16-byte key', `k1:${short}`, /key "k1" is 16 bytes; AES-256 needs exactly 32/],
    ['two entries with one id', `k1:${key},k1:${b64(32)}`, /key id "k1" appears twice/],
  ])('refuses %s with a message that shows no key material', (_name, text, message) => {
    let error: unknown;
    try {
      parseKeyRing(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KeyRingError);
    expect((error as Error).message).toMatch(message);
    for (const secret of [key, short, 'not*base64!']) expect((error as Error).message).not.toContain(secret);
  });
});

describe('the development key file', () => {
  test('is created once, readable by its owner only, and read back the same on later runs', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'loop-keys-')), 'data');
    const first = loadOrCreateDevKeyRing(dataDir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dataDir, 'payload-keys'));
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(first.ring.current.id).toMatch(/^dev-\d{8}-[0-9a-f]{8}$/);

    const second = loadOrCreateDevKeyRing(dataDir);
    expect(second.created).toBe(false);
    expect(second.ring.current.id).toBe(first.ring.current.id);
    expect(second.ring.current.key.equals(first.ring.current.key)).toBe(true);
  });

  test('a damaged key file is refused naming the file, not overwritten', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loop-keys-'));
    writeFileSync(join(dataDir, 'payload-keys'), 'k1:c2hvcnQ=\n');
    expect(() => loadOrCreateDevKeyRing(dataDir)).toThrow(/payload-keys: key "k1" is 5 bytes/);
    expect(readFileSync(join(dataDir, 'payload-keys'), 'utf8')).toBe('k1:c2hvcnQ=\n');
  });

  test('adding a key makes it current and keeps the old ones after it, still 0600', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loop-keys-'));
    const { ring: before, file } = loadOrCreateDevKeyRing(dataDir);
    const { id, ids } = addKey(file);
    expect(ids).toEqual([id, before.current.id]);
    const after = parseKeyRing(readFileSync(file, 'utf8'));
    expect(after.current.id).toBe(id);
    expect(after.find(before.current.id)!.key.equals(before.current.key)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
