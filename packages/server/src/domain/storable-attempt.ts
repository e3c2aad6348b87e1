import { storableText } from "./storable-text.js";
import type { AttemptRecord } from "./types.js";

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
