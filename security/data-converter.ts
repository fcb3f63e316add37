import type { DataConverter } from '@temporalio/common';
import { createEncryptionCodec } from './codec';
import type { KeyRing } from './keys';

/** The failure converter module the worker bundles into the workflow sandbox (see failure-converter.ts). */
export const ENCRYPTED_FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The data converter for every client and worker: payloads encrypted under the ring, and failure
 * messages and stack traces encoded into payloads so they are encrypted too. A worker given a
 * pre-built workflow bundle needs one built with this `failureConverterPath` (bundleWorkflowCode).
 */
export function encryptedDataConverter(ring: KeyRing): DataConverter {
  return {
    payloadCodecs: [createEncryptionCodec(ring)],
    failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH,
  };
}
