import { storableText, unstorableReason } from "./storable-text.js";
import type { AttemptRecord } from "./types.js";

/**
 * The headers with their names and values made storable. Headers that already are (ours always, a
 * receiver's nearly always) are answered as they are: this runs twice per attempt.
 */
function storableHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  if (headers === undefined) return undefined;
  let storable = true;
  for (const name in headers) {
    if (unstorableReason(name) !== undefined || unstorableReason(headers[name] as string) !== undefined) {
      storable = false;
      break;
    }
  }
  if (storable) return headers;
  const kept: Record<string, string> = {};
  for (const name in headers) kept[storableText(name)] = storableText(headers[name] as string);
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
