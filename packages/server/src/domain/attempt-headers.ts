/**
 * The headers kept in the attempt log: what was sent, with every signature replaced by `[redacted]`
 * (a signature is not the secret, but nothing in the log should help forge or replay a delivery), and
 * what the receiver answered that helps debug it, bounded so a hostile receiver cannot bloat the log.
 */
export const REDACTED = "[redacted]";

/** Request headers whose values are signatures (compared case-insensitively). */
const SIGNATURE_HEADERS = new Set(["x-voicehire-signature", "webhook-signature"]);
const SIGNATURE_HEADER_LENGTHS = new Set([...SIGNATURE_HEADERS].map((name) => name.length));

/** Whether `name` is a signature header, lowercasing only a name of a signature header's length. */
function isSignatureHeader(name: string): boolean {
  return SIGNATURE_HEADER_LENGTHS.has(name.length) && SIGNATURE_HEADERS.has(name.toLowerCase());
}

/** `headers`, in their order, with the value of every signature header replaced by `REDACTED`. */
export function redactSignatures(headers: Readonly<Record<string, string>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  // Runs once per attempt: a plain key loop, without building an entries array.
  for (const name in headers) redacted[name] = isSignatureHeader(name) ? REDACTED : (headers[name] as string);
  return redacted;
}

/**
 * Response headers that say nothing about the receiver's answer: how the connection was framed and kept
 * (hop-by-hop), and its clock (the attempt has its own start time). The others are kept: status-related
 * (`retry-after`, `location`), the body's type, and whatever the receiver names its request with.
 */
const UNINFORMATIVE_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-connection",
  "date",
]);

/**
 * At most this many response headers are kept, each value cut at `MAX_HEADER_VALUE_LENGTH`, and no more
 * than `MAX_RESPONSE_HEADER_BYTES` of names and values in all.
 */
export const MAX_RESPONSE_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 256;
export const MAX_RESPONSE_HEADER_BYTES = 2048;

/** Response headers as a flat record: lowercase names, repeated values joined with `, `, bounded. */
export function boundedResponseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    const lowercase = name.toLowerCase();
    if (value === undefined || UNINFORMATIVE_RESPONSE_HEADERS.has(lowercase)) continue;
    const text = (typeof value === "string" ? value : value.join(", ")).slice(0, MAX_HEADER_VALUE_LENGTH);
    if (count >= MAX_RESPONSE_HEADERS || size + lowercase.length + text.length > MAX_RESPONSE_HEADER_BYTES)
      break;
    kept[lowercase] = text;
    count++;
    size += lowercase.length + text.length;
  }
  return kept;
}
