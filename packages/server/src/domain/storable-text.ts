import type { AttemptRecord } from "./types.js";

/** What replaces a character that cannot be stored: U+FFFD REPLACEMENT CHARACTER. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE_SOURCE =
  "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, "g");

/**
 * Text as both stores can keep it: PostgreSQL `text` and `jsonb` refuse NUL (U+0000), and a lone UTF-16
 * surrogate has no UTF-8 form, so each becomes U+FFFD. Bytes that were not UTF-8 were already replaced
 * when the response was decoded. What a receiver answers is never trusted to be storable as is.
 */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER) : text;
}

function storableHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  if (headers === undefined) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) kept[storableText(name)] = storableText(value);
  return kept;
}

/** The attempt with every text it carries made storable (`storableText`); the rest is unchanged. */
export function storableAttempt(attempt: AttemptRecord): AttemptRecord {
  const requestHeaders = storableHeaders(attempt.requestHeaders);
  const responseHeaders = storableHeaders(attempt.responseHeaders);
  return {
    ...attempt,
    errorMessage: attempt.errorMessage === null ? null : storableText(attempt.errorMessage),
    responseExcerpt: attempt.responseExcerpt === null ? null : storableText(attempt.responseExcerpt),
    ...(requestHeaders === undefined ? {} : { requestHeaders }),
    ...(responseHeaders === undefined ? {} : { responseHeaders }),
  };
}
