/**
 * The headers kept in the attempt log: what was sent, with every signature replaced by `[redacted]`
 * (a signature is not the secret, but nothing in the log should help forge or replay a delivery), and
 * what the receiver answered, bounded so a hostile receiver cannot bloat the log.
 */
export const REDACTED = "[redacted]";

/** Request headers whose values are signatures (compared case-insensitively). */
const SIGNATURE_HEADERS = new Set(["x-voicehire-signature", "webhook-signature"]);

/** At most this many response headers are kept, each value cut at `MAX_HEADER_VALUE_LENGTH`. */
export const MAX_RESPONSE_HEADERS = 50;
export const MAX_HEADER_VALUE_LENGTH = 1000;

export function redactSignatures(headers: Readonly<Record<string, string>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    redacted[name] = SIGNATURE_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return redacted;
}

/** Response headers as a flat record: lowercase names, repeated values joined with `, `, bounded. */
export function boundedResponseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (count >= MAX_RESPONSE_HEADERS) break;
    const text = typeof value === "string" ? value : value.join(", ");
    kept[name.toLowerCase()] = text.slice(0, MAX_HEADER_VALUE_LENGTH);
    count++;
  }
  return kept;
}
