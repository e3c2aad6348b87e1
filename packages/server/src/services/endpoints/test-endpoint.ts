import {
  EVENT_TYPES,
  type EventType,
  eventCatalog,
  isPlainObject,
  type ObjectSchema,
} from "@voicehire/webhooks";
import { createAttemptMaker } from "../../delivery/make-attempt.js";
import type { DeliverySender } from "../../delivery/sender.js";
import type { Clock } from "../../domain/clock.js";
import { serializeEnvelope } from "../../domain/envelope.js";
import { newId } from "../../domain/ids.js";
import type { SecretBox } from "../../domain/secret-box.js";
import type { AttemptErrorKind, DeliveryRecord, NewEvent } from "../../domain/types.js";
import type { Store } from "../../store/port.js";
import {
  type Conflict,
  conflict,
  type EmptyBody,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "../outcomes.js";
import { readBody } from "../request-body.js";
import { attemptErrorText } from "./attempt-error-text.js";

/** Names the Tester as the maker of its attempts (a test delivery is never leased). */
const TESTER_WORKER_ID = "tester";

/**
 * The "Tester" button: sends the catalog sample of an event type to the endpoint NOW, signed like every
 * delivery (its secrets, a previous one in its grace period included) through the worker's attempt
 * path (`createAttemptMaker`: same signing, sender, success rule and attempt record), marked as a test
 * (`"test": true` in the envelope, `X-VoiceHire-Test: true`), and answers the outcome, in plain words.
 * It is logged as a delivery with `test: true` (one attempt, final status) and never retried.
 */
export interface TestEndpointDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly secretBox: SecretBox;
  /** The worker's sender (SSRF guard, timeout, response excerpt): the test goes out exactly like a delivery. */
  readonly sender: DeliverySender;
  /** `VoiceHire-Webhooks/<version>`. */
  readonly userAgent: string;
  /**
   * Throws the store's `storage_full` refusal while it is short of room. The Tester sends before it
   * records: asked first, a test that could not be recorded is refused instead of sent and then lost.
   */
  readonly storageRoom?: { refuseWithoutRoom(): Promise<void> };
}

/** The body of `POST /v1/endpoints/{id}/test`. */
export const testEndpointRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    event_type: {
      type: "string",
      enum: EVENT_TYPES,
      description: "Which event's sample (from the documentation) to send.",
    },
  },
  required: ["event_type"],
  additionalProperties: false,
};

export interface TestOutcome {
  readonly kind: "tested";
  readonly deliveryId: string;
  readonly eventId: string;
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly responseExcerpt: string | null;
  readonly errorKind: AttemptErrorKind | null;
  /** In plain words, then the technical detail. */
  readonly errorMessage: string | null;
}

function stringField(data: unknown, name: string): string | null {
  const value = isPlainObject(data) ? data[name] : undefined;
  return typeof value === "string" ? value : null;
}

export async function testEndpoint(
  deps: TestEndpointDeps,
  input: { readonly accountId: string; readonly endpointId: string; readonly body: unknown },
): Promise<TestOutcome | ValidationFailure | NotFound | EmptyBody | Conflict> {
  const read = readBody(input.body, testEndpointRequestSchema, { expected: "a JSON object with event_type" });
  if (read.kind !== "read") return read;
  const type = read.body.event_type as EventType;
  const now = deps.clock.now();
  const endpoint = await deps.store.getEndpoint(input.accountId, input.endpointId);
  const previous = await deps.store.listPreviousSecrets(input.accountId, input.endpointId, now);
  if (endpoint === undefined || previous === undefined) return notFound("endpoint", input.endpointId);
  if (endpoint.kind === "pull") {
    return conflict("a pull endpoint is read, not sent to: its events are at GET /v1/endpoints/{id}/events");
  }

  const sealedSecrets = [
    ...(endpoint.sealedSecret === null ? [] : [endpoint.sealedSecret]),
    ...previous.map((p) => p.sealedSecret),
  ];
  // The Tester signs as deliveries do: an ed25519 endpoint's current key, then its previous ones.
  const sealedSigningKeys =
    endpoint.signingKey === undefined
      ? []
      : ((await deps.store.activeSigningKeys(input.accountId, input.endpointId, now)) ?? []);
  await deps.storageRoom?.refuseWithoutRoom();
  const data = eventCatalog[type].sample;
  const eventId = newId("evt", now);
  const deliveryId = newId("dlv", now);
  const body = serializeEnvelope({ id: eventId, type, occurredAt: now, data, test: true });
  const makeAttempt = createAttemptMaker({
    sender: deps.sender,
    secretBox: deps.secretBox,
    clock: deps.clock,
    userAgent: deps.userAgent,
    workerId: TESTER_WORKER_ID,
    retry: "never",
    test: true,
  });
  const started = makeAttempt({
    deliveryId,
    endpointId: endpoint.id,
    url: endpoint.url,
    sealedSecrets,
    sealedSigningKeys,
    eventId,
    eventType: type,
    body,
    attemptNumber: 1,
  });
  // A secret this process cannot open is a fault of the deployment, not an outcome of the test.
  if (started.kind === "unsignable") throw new Error(started.message);
  const { attempt, next } = await started.done;
  const finishedAt = Math.max(deps.clock.now(), now);
  const succeeded = next.status === "succeeded";
  const { statusCode, errorKind } = attempt;
  const errorMessage =
    errorKind === null
      ? null
      : attemptErrorText(errorKind, statusCode, errorKind === "http_status" ? null : attempt.errorMessage);

  const event: NewEvent = {
    id: eventId,
    type,
    occurredAt: now,
    body,
    storeEvenWithoutDeliveries: true,
    campaignId: stringField(data, "campaign_id"),
    candidateId: stringField(data, "candidate_id"),
  };
  const delivery: DeliveryRecord = {
    id: deliveryId,
    accountId: input.accountId,
    eventId,
    endpointId: endpoint.id,
    eventType: type,
    status: succeeded ? "succeeded" : "failed",
    attemptCount: 1,
    nextAttemptAt: null,
    lastStatusCode: statusCode,
    lastErrorKind: errorKind,
    test: true,
    createdAt: now,
    updatedAt: finishedAt,
  };
  await deps.store.recordTestDelivery({ event, delivery, attempt });
  return {
    kind: "tested",
    deliveryId,
    eventId,
    succeeded,
    statusCode,
    durationMs: attempt.durationMs,
    responseExcerpt: attempt.responseExcerpt,
    errorKind,
    errorMessage,
  };
}
