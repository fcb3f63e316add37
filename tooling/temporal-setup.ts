import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const INDEXED_TYPE: Partial<Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType>> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

const GRPC_UNIMPLEMENTED = 12;

async function listCustomSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(existing.customAttributes ?? {});
  } catch (err) {
    // The time-skipping test server can add search attributes but not list them: add them all.
    if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return [];
    throw err;
  }
}

/**
 * Registers the case search attributes on the namespace, adding only those missing, so it is safe
 * to run at every start against a dev server or an existing cluster. Returns the names it added.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const known = new Set(await listCustomSearchAttributes(connection, namespace));
  const missing = CASE_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]!])),
  });
  return missing.map((key) => key.name);
}
