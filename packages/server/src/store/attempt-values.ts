import type { AttemptRecord } from "../domain/types.js";

/** Headers as their column keeps them: JSON text, NULL when none were kept. */
export function headersColumn(headers: Readonly<Record<string, string>> | undefined): string | null {
  return headers === undefined ? null : JSON.stringify(headers);
}

/**
 * What an attempt's columns after `started_at` hold (duration_ms … response_headers), in the order both
 * adapters insert them.
 */
export function attemptOutcomeValues(attempt: AttemptRecord): unknown[] {
  return [
    attempt.durationMs,
    attempt.statusCode,
    attempt.errorKind,
    attempt.errorMessage,
    attempt.responseExcerpt,
    headersColumn(attempt.requestHeaders),
    headersColumn(attempt.responseHeaders),
  ];
}
