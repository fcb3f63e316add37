import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from './keys';

const ProtoPayload = temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload that cannot be decrypted; the message names the key id, never the data. */
export class PayloadCodecError extends Error {
  override name = 'PayloadCodecError';
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** Whether the payload is one this codec encrypted (others pass through decode untouched). */
export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/** The id of the key a payload was encrypted under, or undefined for a payload in clear. */
export function keyIdOf(payload: Payload): string | undefined {
  return isEncrypted(payload) ? text(payload.metadata?.[KEY_ID_METADATA]) : undefined;
}

function encrypt(ring: KeyRing, payload: Payload): Payload {
  const { id, key } = ring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  // The key id is authenticated too: moving a payload under another id fails, it does not decrypt as garbage.
  cipher.setAAD(Buffer.from(id, 'utf8'));
  const sealed = Buffer.concat([cipher.update(ProtoPayload.encode(payload).finish()), cipher.final()]);
  return {
    metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
    data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
  };
}

function decrypt(ring: KeyRing, payload: Payload): Payload {
  const id = keyIdOf(payload);
  if (!id) throw new PayloadCodecError(`an encrypted payload carries no ${KEY_ID_METADATA}`);
  const found = ring.find(id);
  if (!found) throw new PayloadCodecError(`a payload is encrypted under key "${id}", which is not in the key ring (was it removed after a rotation?)`);
  const data = Buffer.from(payload.data ?? []);
  if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecError(`a payload under key "${id}" is too short to be encrypted data`);
  const decipher = createDecipheriv(ALGORITHM, found.key, data.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(id, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PayloadCodecError(`a payload under key "${id}" failed authentication: it was altered, or encrypted with another key of that id`);
  }
  const inner = ProtoPayload.decode(plain);
  return {
    metadata: inner.metadata,
    data: inner.data,
    ...(inner.externalPayloads?.length ? { externalPayloads: inner.externalPayloads } : {}),
  };
}

/**
 * AES-256-GCM over the whole payload (metadata and data), a random 12-byte IV each time, under the
 * ring's current key; the key id travels in the metadata so any key in the ring decrypts.
 * Payloads not encrypted by this codec (written before encryption was on) decode unchanged.
 */
export function createEncryptionCodec(ring: KeyRing): PayloadCodec {
  return {
    async encode(payloads) {
      return payloads.map((p) => encrypt(ring, p));
    },
    async decode(payloads) {
      return payloads.map((p) => (isEncrypted(p) ? decrypt(ring, p) : p));
    },
  };
}
