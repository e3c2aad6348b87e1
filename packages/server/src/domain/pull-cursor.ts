/**
 * A pull endpoint's cursor: the position read up to (see the glossary's "pull position"), written so
 * that readers keep it as it is instead of computing with it. `0` (the first cursor) reads from the
 * oldest kept event.
 */
const PREFIX = "pc_";

export function encodePullCursor(position: number): string {
  return PREFIX + position.toString(36);
}

/** The position of a cursor we gave, or undefined when `cursor` is not one. */
export function decodePullCursor(cursor: string): number | undefined {
  if (!cursor.startsWith(PREFIX) || !/^[0-9a-z]{1,11}$/.test(cursor.slice(PREFIX.length))) return undefined;
  const position = Number.parseInt(cursor.slice(PREFIX.length), 36);
  return Number.isSafeInteger(position) ? position : undefined;
}
