import { loadOrCreateDevKeyRing, parseKeyRing, type KeyRing } from '../security/keys';
import type { Config } from './index';

/**
 * The key ring that encrypts Temporal payloads: PAYLOAD_ENCRYPTION_KEYS when set, else the
 * development key file in the data folder, created on first use (`created` says so). The worker and
 * the API must use the same ring.
 */
export function payloadKeyRing(config: Config): { ring: KeyRing; source: string; created: boolean } {
  if (config.payloadKeys) return { ring: parseKeyRing(config.payloadKeys), source: 'PAYLOAD_ENCRYPTION_KEYS', created: false };
  const { ring, file, created } = loadOrCreateDevKeyRing(config.dataDir);
  return { ring, source: file, created };
}
