/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date. Answers how
 * many milliseconds from `nowMs` the receiver asked to wait (0 for a date already past), or undefined
 * when the header is absent or unreadable. Capping it is the caller's business.
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined,
  nowMs: number,
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : (value as string | undefined))?.trim();
  if (text === undefined || text === "") return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : Number.MAX_SAFE_INTEGER;
  }
  // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the obsolete RFC 850 form carry "GMT"; the asctime
  // form ("Sun Nov  6 08:49:37 1994") is in GMT too but says nothing, so it is read as UTC.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(/GMT$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
