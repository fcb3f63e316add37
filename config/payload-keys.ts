import { parseKeyRing, type KeyRing } from '../security/keys';
import { ConfigError, type Config } from './index';

/**
 * The key ring that encrypts Temporal payloads, from PAYLOAD_ENCRYPTION_KEYS. Required: a worker
 * and an API each inventing a key would not read each other's payloads. `npm start` sets it from
 * the development key file it keeps in the data folder.
 */
export function payloadKeyRing(config: Config): KeyRing {
  if (!config.payloadKeys) {
    throw new ConfigError('invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: is required (the same keys for the worker and the API; `npm start` generates a development key into DATA_DIR/payload-keys)');
  }
  return parseKeyRing(config.payloadKeys);
}
