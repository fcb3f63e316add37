import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createEncryptionCodec, keyIdOf } from '../../security/codec';
import { keyRingOf, type PayloadKey } from '../../security/keys';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const k1 = key('k1');
const k2 = key('k2');
const report = { customer: { id: 'cus_ada', email: 'ada@example.com' }, description: 'Débité deux fois', amountMinor: 4999 };
const payloads = (): Payload[] => [defaultPayloadConverter.toPayload(report), defaultPayloadConverter.toPayload('second'), defaultPayloadConverter.toPayload(null)];
const text = (p: Payload) => Buffer.concat([...Object.values(p.metadata ?? {}), p.data ?? new Uint8Array()].map((b) => Buffer.from(b))).toString('latin1');

describe('the encryption codec', () => {
  const codec = createEncryptionCodec(keyRingOf([k1]));

  test('decodes what it encoded to the same payloads, metadata included', async () => {
    const original = payloads();
    expect(await codec.decode(await codec.encode(original))).toEqual(original.map((p) => ({ metadata: p.metadata, data: p.data })));
  });

  test('encrypts every payload: binary/encrypted under the key id, nothing of the original readable', async () => {
    const encoded = await codec.encode(payloads());
    expect(encoded).toHaveLength(3);
    for (const p of encoded) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(keyIdOf(p)).toBe('k1');
      for (const clear of ['ada@example.com', 'cus_ada', 'Débité', '4999', 'json/plain', 'second']) expect(text(p)).not.toContain(clear);
    }
  });

  test('uses a fresh IV each time: the same value encrypts differently', async () => {
    const [a] = await codec.encode([defaultPayloadConverter.toPayload(report)]);
    const [b] = await codec.encode([defaultPayloadConverter.toPayload(report)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  test('refuses a payload whose bytes were altered, naming the key id and not the data', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(report)]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    const decoding = codec.decode([{ ...sealed, data }]);
    await expect(decoding).rejects.toThrow(/key "k1" failed authentication/);
    await expect(decoding).rejects.not.toThrow(/ada|cus_|4999/);
  });

  test('refuses a payload relabelled with another key id of the ring', async () => {
    const both = createEncryptionCodec(keyRingOf([k1, { id: 'k9', key: k1.key }]));
    const [sealed] = await both.encode([defaultPayloadConverter.toPayload(report)]);
    const relabelled = { ...sealed, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k9') } };
    await expect(both.decode([relabelled])).rejects.toThrow(/key "k9" failed authentication/);
  });

  test('refuses a payload under a key it does not hold, naming that key id', async () => {
    const [sealed] = await createEncryptionCodec(keyRingOf([k2])).encode([defaultPayloadConverter.toPayload(report)]);
    await expect(codec.decode([sealed!])).rejects.toThrow(/encrypted under key "k2", which is not in the key ring/);
  });

  test('passes payloads written before encryption through decode unchanged', async () => {
    const clear = payloads();
    expect(await codec.decode(clear)).toEqual(clear);
  });

  test('after a rotation to [k2, k1] it reads k1 payloads and writes under k2', async () => {
    const [old] = await codec.encode([defaultPayloadConverter.toPayload(report)]);
    const rotated = createEncryptionCodec(keyRingOf([k2, k1]));
    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(report);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(report)]);
    expect(keyIdOf(fresh!)).toBe('k2');
    await expect(codec.decode([fresh!])).rejects.toThrow(/"k2"/);
  });
});
