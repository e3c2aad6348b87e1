import { attemptView } from "../../../src/api/representations.js";
import { deliveryHeaders } from "../../../src/delivery/signing.js";
import { redactSignatures } from "../../../src/domain/attempt-headers.js";
import { newId } from "../../../src/domain/ids.js";
import type { AttemptRecord } from "../../../src/domain/types.js";
import { claimAll } from "../conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "../conformance/fixtures.js";
import type { DeliveryFacts } from "./deliveries-at-version-7.js";
import type { StoreAtVersion } from "./store-at-version.js";

/** Attempts as the attempt maker records them, for the tests of the migrations of `attempts`. */

export const USER_AGENT = "VoiceHire-Webhooks/0.0.9";

/** The redacted headers the attempt maker records for one attempt of `claimed`. */
export function sentHeaders(
  claimed: DeliveryFacts,
  startedAt: number,
  signed: boolean,
  userAgent: string = USER_AGENT,
): Record<string, string> {
  return redactSignatures(
    deliveryHeaders({
      eventId: claimed.eventId,
      eventType: claimed.eventType,
      attemptNumber: claimed.attemptNumber,
      body: claimed.body,
      secrets: signed ? ["whsec_new", "whsec_previous"] : [],
      nowSeconds: Math.floor(startedAt / 1000),
      test: false,
      userAgent,
    }),
  );
}

export function attemptOf(
  claimed: DeliveryFacts,
  startedAt: number,
  headers: Pick<AttemptRecord, "requestHeaders" | "responseHeaders">,
): AttemptRecord {
  return {
    id: newId("att", startedAt),
    deliveryId: claimed.deliveryId,
    attemptNumber: claimed.attemptNumber,
    startedAt,
    durationMs: 41.5,
    statusCode: headers.responseHeaders === undefined ? null : 503,
    errorKind: headers.responseHeaders === undefined ? "network" : "http_status",
    errorMessage: "it failed",
    responseExcerpt: headers.responseHeaders === undefined ? null : "busy",
    ...headers,
  };
}

/** An account, a signing and a non-signing endpoint, one event: two claimed deliveries. */
export async function givenTwoClaimedDeliveries(s: StoreAtVersion) {
  const account = await givenAccount(s.store);
  const signing = await givenEndpoint(s.store, account.id, ["campaign.created"], { sealedSecret: "sealed" });
  await givenEndpoint(s.store, account.id, ["campaign.created"]);
  await publishOne(s.store, account.id, "campaign.created", T0);
  const claimed = await claimAll(s.store, "worker-1", T0 + 1);
  const signed = claimed.find((c) => c.endpointId === signing.id);
  const unsigned = claimed.find((c) => c.endpointId !== signing.id);
  if (signed === undefined || unsigned === undefined) throw new Error("expected two claims");
  return { accountId: account.id, signed, unsigned };
}

export async function viewsOf(s: StoreAtVersion, accountId: string, deliveryId: string) {
  return (await s.store.listAttempts(accountId, deliveryId)).map(attemptView);
}

/** The columns every version of `attempts` has, in the order of `outcomeValuesOf`. */
export const OUTCOME_COLUMNS =
  "id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind, error_message, response_excerpt";

/** An attempt's values for `OUTCOME_COLUMNS`, to write it as an older version did. */
export function outcomeValuesOf(attempt: AttemptRecord): unknown[] {
  return [
    attempt.id,
    attempt.deliveryId,
    attempt.attemptNumber,
    attempt.startedAt,
    attempt.durationMs,
    attempt.statusCode,
    attempt.errorKind,
    attempt.errorMessage,
    attempt.responseExcerpt,
  ];
}
