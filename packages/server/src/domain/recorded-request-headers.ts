import { REDACTED } from "./attempt-headers.js";
import { deliveryRequestHeaders } from "./delivery-request-headers.js";
import type { EpochMs } from "./types.js";

/**
 * How an attempt log keeps the request headers of one attempt. Almost all of them follow from what the
 * delivery and the attempt already hold (event id and type, test flag, attempt number, start time), so
 * only what does not is kept: whether the request was signed, and the user agent (the version that
 * sent it). Headers that do not rebuild exactly (none made by this version) are kept as given.
 */
export type RecordedRequest =
  | { readonly kind: "none" }
  | { readonly kind: "rebuilt"; readonly signed: boolean; readonly userAgent: string }
  | { readonly kind: "verbatim"; readonly headers: Readonly<Record<string, string>> };

/** What the delivery and the attempt hold, from which the headers are rebuilt. */
export interface RequestFactsOfAttempt {
  readonly eventId: string;
  readonly eventType: string;
  readonly test: boolean;
  readonly attemptNumber: number;
  readonly startedAt: EpochMs;
}

const SIGNATURES_REDACTED = { voiceHire: REDACTED, standard: REDACTED } as const;

/** The redacted headers sent, rebuilt from the facts and what was kept. */
export function rebuiltRequestHeaders(
  recorded: RecordedRequest,
  facts: RequestFactsOfAttempt,
): Readonly<Record<string, string>> | undefined {
  if (recorded.kind === "none") return undefined;
  if (recorded.kind === "verbatim") return recorded.headers;
  return deliveryRequestHeaders(
    {
      eventId: facts.eventId,
      eventType: facts.eventType,
      attemptNumber: facts.attemptNumber,
      timestampSeconds: Math.floor(facts.startedAt / 1000),
      test: facts.test,
      userAgent: recorded.userAgent,
    },
    recorded.signed ? SIGNATURES_REDACTED : undefined,
  );
}

/**
 * What to keep of the (redacted) headers an attempt sent: the compact form when rebuilding it from the
 * facts the headers name gives them back exactly, names, order and values; the headers otherwise.
 */
export function recordedRequestOf(
  headers: Readonly<Record<string, string>> | undefined,
  attempt: { readonly attemptNumber: number; readonly startedAt: EpochMs },
): RecordedRequest {
  if (headers === undefined) return { kind: "none" };
  const eventId = headers["X-VoiceHire-Event-Id"];
  const eventType = headers["X-VoiceHire-Event"];
  const userAgent = headers["User-Agent"];
  if (eventId === undefined || eventType === undefined || userAgent === undefined) {
    return { kind: "verbatim", headers };
  }
  const compact: RecordedRequest = {
    kind: "rebuilt",
    signed: headers["X-VoiceHire-Signature"] !== undefined,
    userAgent,
  };
  const rebuilt = rebuiltRequestHeaders(compact, {
    eventId,
    eventType,
    test: headers["X-VoiceHire-Test"] === "true",
    ...attempt,
  });
  return sameEntries(rebuilt, headers) ? compact : { kind: "verbatim", headers };
}

function sameEntries(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>>,
): boolean {
  if (a === undefined) return false;
  // Compared key by key in order (no serialization): this runs once per recorded attempt.
  const keysOfA = Object.keys(a);
  const keysOfB = Object.keys(b);
  if (keysOfA.length !== keysOfB.length) return false;
  for (let i = 0; i < keysOfA.length; i++) {
    const key = keysOfA[i] as string;
    if (key !== keysOfB[i] || a[key] !== b[key]) return false;
  }
  return true;
}
