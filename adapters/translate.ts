/**
 * Helpers every processor adapter shares when translating into our vocabulary.
 */

/** Looks a native status up in a table; anything the table does not know is UNSUPPORTED, never a guess. */
export function translate<T extends string>(table: Record<string, T>, native: string | null | undefined): T | 'UNSUPPORTED' {
  return native != null && Object.hasOwn(table, native) ? (table[native] as T) : 'UNSUPPORTED';
}

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | null | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value == null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
