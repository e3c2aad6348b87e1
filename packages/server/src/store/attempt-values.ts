import { type RecordedRequest, rebuiltRequestHeaders } from "../domain/recorded-request-headers.js";
import type { AttemptRowBase } from "./record-mapping.js";

/** Headers as their column keeps them: JSON text, NULL when none were kept. */
export function headersColumn(headers: Readonly<Record<string, string>> | undefined): string | null {
  return headers === undefined ? null : JSON.stringify(headers);
}

/** The request columns of `attempts` (migration 008), each engine's types converted. */
export interface RequestColumns {
  readonly signed: boolean | null;
  readonly userAgent: string | null;
  readonly headers: Record<string, string> | null;
}

export function requestColumnsOf(recorded: RecordedRequest): RequestColumns {
  if (recorded.kind === "rebuilt")
    return { signed: recorded.signed, userAgent: recorded.userAgent, headers: null };
  return {
    signed: null,
    userAgent: null,
    headers: recorded.kind === "verbatim" ? { ...recorded.headers } : null,
  };
}

function recordedRequestOfColumns(columns: RequestColumns): RecordedRequest {
  if (columns.headers !== null) return { kind: "verbatim", headers: columns.headers };
  if (columns.signed === null || columns.userAgent === null) return { kind: "none" };
  return { kind: "rebuilt", signed: columns.signed, userAgent: columns.userAgent };
}

/** The request headers an attempt row stands for, rebuilt from its delivery's event and test flag. */
export function requestHeadersOfRow(
  row: AttemptRowBase,
  test: boolean,
  columns: RequestColumns,
): Readonly<Record<string, string>> | undefined {
  return rebuiltRequestHeaders(recordedRequestOfColumns(columns), {
    eventId: row.event_id,
    eventType: row.event_type,
    test,
    attemptNumber: row.attempt_number,
    startedAt: row.started_at,
  });
}
