const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a configuration duration such as `7d`, `36h`, `90m`, `30s` or `1500ms` into milliseconds.
 * Returns `undefined` for anything else, so the caller can name the bad variable.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

export const DAY_MS = UNIT_MS.d;
