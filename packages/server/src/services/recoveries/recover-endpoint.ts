import type { ObjectSchema } from "@voicehire/webhooks";
import type { Clock } from "../../domain/clock.js";
import { newId } from "../../domain/ids.js";
import type { RecoveryRecord } from "../../domain/types.js";
import type { Store } from "../../store/port.js";
import { DAY_MS } from "../endpoints/endpoint-stats.js";
import {
  type EmptyBody,
  invalidField,
  type Lookup,
  lookUp,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "../outcomes.js";
import { parseTime } from "../query-params.js";
import { readBody } from "../request-body.js";

/**
 * Recover: re-queue every failed delivery of an endpoint whose event happened in `[since, until)`, each
 * with a fresh retry budget. Bounded (a window of at most 30 days), idempotent (the same window while a
 * recovery of it runs answers that recovery; a delivery is re-queued only while it is failed), and done
 * in batches, so a large one reports its progress (`GET /v1/recoveries/{id}`). A delivery of the window
 * whose attempt is in flight when its batch passes is re-queued right after that attempt if it fails it.
 */
export const MAX_RECOVERY_WINDOW_MS = 30 * DAY_MS;

/** The body of `POST /v1/endpoints/{id}/recover`. */
export const recoverEndpointRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    since: {
      type: "string",
      format: "date-time",
      description: "Events that happened at or after this time.",
    },
    until: {
      type: "string",
      format: "date-time",
      description: "Events that happened before this time (default now); at most 30 days after since.",
    },
  },
  required: ["since"],
  additionalProperties: false,
};

/** Validates and starts (or finds) the recovery; its batches are run by a `RecoveryRunner`. */
export async function startEndpointRecovery(
  deps: { readonly store: Store; readonly clock: Clock },
  input: { readonly accountId: string; readonly endpointId: string; readonly body: unknown },
): Promise<
  { readonly kind: "started"; readonly recovery: RecoveryRecord } | ValidationFailure | NotFound | EmptyBody
> {
  const read = readBody(input.body, recoverEndpointRequestSchema, { expected: "a JSON object with since" });
  if (read.kind !== "read") return read;
  const { body } = read;
  const now = deps.clock.now();
  const since = parseTime(body.since);
  // By default the window ends now, included.
  const until = parseTime(body.until) ?? now + 1;
  if (since === undefined) return invalidField("since", "must be an ISO 8601 date-time");
  if (until <= since) {
    return invalidField(
      body.until === undefined ? "since" : "until",
      body.until === undefined ? "must be in the past" : "must be after since",
    );
  }
  if (until - since > MAX_RECOVERY_WINDOW_MS) {
    return invalidField(
      "since",
      "must be at most 30 days before until: recover a longer period in several windows",
    );
  }
  const recovery = await deps.store.startRecovery({
    id: newId("rcv", now),
    accountId: input.accountId,
    endpointId: input.endpointId,
    since,
    until,
    now,
  });
  return recovery === undefined ? notFound("endpoint", input.endpointId) : { kind: "started", recovery };
}

export async function getRecovery(
  deps: { readonly store: Store },
  accountId: string,
  recoveryId: string,
): Promise<Lookup<"recovery", RecoveryRecord>> {
  return lookUp("recovery", recoveryId, deps.store.getRecovery(accountId, recoveryId));
}
