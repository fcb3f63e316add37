import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces moved into an encoded payload, so the payload codec encrypts
 * them with everything else. Loaded by path (`failureConverterPath`): the worker bundles it into the
 * workflow sandbox, so this file imports nothing but `@temporalio/common`.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
