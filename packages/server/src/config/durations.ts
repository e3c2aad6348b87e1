const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `250ms`, `5s`, `10m`, `2h`, `5d` or a bare number of milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match?.[1]) return undefined;
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1));
}

/** Parses a comma-separated list of durations (`60s,10m,100m`); undefined when any part is malformed. */
export function parseDurationList(text: string): number[] | undefined {
  const parts = text.split(",").map(parseDuration);
  return parts.every((p): p is number => p !== undefined) ? parts : undefined;
}
