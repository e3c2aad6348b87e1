import {
  isPlainObject,
  MAX_BATCH_EVENTS,
  type ObjectSchema,
  type ValidationIssue,
} from "@voicehire/webhooks";
import type { PublishInput } from "../store/port.js";
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from "./idempotency-key.js";
import { invalid, invalidField, type ValidationFailure } from "./outcomes.js";
import {
  answerOfPublish,
  createdDeliveries,
  type PublishEventDeps,
  type PublishedOrDuplicate,
} from "./publish-event.js";
import { buildEvents, campaignIdOf, requestSchema, validatePublishRequest } from "./publish-request.js";

/**
 * Publishing up to 500 events in one request: `{ events: [{ event, data, timestamp?, idempotency_key? }] }`.
 * Each item is validated with the single-event rules and answered in order. Results are per item (as
 * Stripe's and Svix's bulk APIs do): an invalid item is refused on its own, with its problems naming
 * `events[i].field`, and the valid ones are published, all of them in ONE transaction, so the answer
 * comes only once every accepted item is durable, and a failed write accepts none.
 */

/** One item's schema: a single publish's, plus its own idempotency key. */
export const batchItemSchema: ObjectSchema = {
  ...requestSchema,
  properties: {
    ...requestSchema.properties,
    idempotency_key: { type: "string", minLength: 1, maxLength: 255 },
  },
};

export const batchRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    events: { type: "array", items: batchItemSchema, minItems: 1, maxItems: MAX_BATCH_EVENTS },
  },
  required: ["events"],
  additionalProperties: false,
};

export type BatchItemOutcome = PublishedOrDuplicate | ValidationFailure;

export type PublishBatchOutcome =
  /** The envelope itself is wrong (not `{ events: [...] }`, no item, too many): nothing was written. */
  ValidationFailure | { readonly kind: "answered"; readonly items: readonly BatchItemOutcome[] };

/** The envelope's problems: anything but an object holding 1 to 500 items under `events`. */
function envelopeFailure(body: unknown): ValidationFailure | undefined {
  if (!isPlainObject(body)) return invalidField("body", "must be a JSON object: { events: [...] }");
  const issues: ValidationIssue[] = Object.keys(body)
    .filter((key) => key !== "events")
    .map((key) => ({ path: key, message: "is not allowed" }));
  const { events } = body;
  if (!Object.hasOwn(body, "events")) issues.push({ path: "events", message: "is required" });
  else if (!Array.isArray(events)) issues.push({ path: "events", message: "must be an array" });
  else if (events.length === 0) issues.push({ path: "events", message: "must have at least 1 item" });
  else if (events.length > MAX_BATCH_EVENTS) {
    issues.push({
      path: "events",
      message: `must have at most ${MAX_BATCH_EVENTS} items (got ${events.length})`,
    });
  }
  return issues.length > 0 ? invalid(issues) : undefined;
}

/** Prefixes a single publish's issue paths with the item's place: `data.x` → `events[3].data.x`. */
function itemIssues(index: number, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path === "body" || issue.path === "" ? `events[${index}]` : `events[${index}].${issue.path}`,
    message: issue.message,
  }));
}

type PreparedItem = { readonly kind: "valid"; readonly input: PublishInput } | ValidationFailure;

function prepareItem(accountId: string, item: unknown, index: number, now: number): PreparedItem {
  if (!isPlainObject(item))
    return invalid(itemIssues(index, [{ path: "body", message: "must be an object" }]));
  const { idempotency_key: key, ...request } = item;
  const keyIssues: ValidationIssue[] =
    key === undefined || isIdempotencyKey(key)
      ? []
      : [{ path: "idempotency_key", message: IDEMPOTENCY_KEY_RULE }];
  const valid = validatePublishRequest(request);
  if (valid.kind === "invalid" || keyIssues.length > 0) {
    return invalid(itemIssues(index, [...keyIssues, ...(valid.kind === "invalid" ? valid.issues : [])]));
  }
  const events = buildEvents(valid, now);
  return {
    kind: "valid",
    input: {
      accountId,
      idempotencyKey: typeof key === "string" ? key : null,
      events,
      campaignId: campaignIdOf(valid),
      now,
    },
  };
}

export async function publishEventBatch(
  deps: PublishEventDeps,
  input: { readonly accountId: string; readonly body: unknown },
): Promise<PublishBatchOutcome> {
  const failure = envelopeFailure(input.body);
  if (failure !== undefined) return failure;
  const items = (input.body as { events: unknown[] }).events;
  const now = deps.clock.now();
  const prepared = items.map((item, index) => prepareItem(input.accountId, item, index, now));
  const valid = prepared.flatMap((item) => (item.kind === "valid" ? [item.input] : []));
  const written = await deps.store.publishMany(valid);
  const answers = await Promise.all(
    valid.map(async (storeInput, index) => {
      const outcome = written[index];
      if (outcome === undefined) throw new Error("the store answered fewer outcomes than it was given");
      const answer = await answerOfPublish(deps.store, storeInput, outcome);
      if (answer !== undefined) return answer;
      // The key's first event was deleted by retention since the store saw the key: publish anew.
      const again = await answerOfPublish(deps.store, storeInput, await deps.store.publish(storeInput));
      if (again === undefined)
        throw new Error(`the first event of idempotency key ${storeInput.idempotencyKey} is missing`);
      return again;
    }),
  );
  if (answers.some(createdDeliveries)) deps.onPublished();
  let next = 0;
  const outcomes = prepared.map((item): BatchItemOutcome => {
    if (item.kind === "invalid") return item;
    const answer = answers[next++];
    if (answer === undefined) throw new Error("a batch item lost its answer");
    return answer;
  });
  return { kind: "answered", items: outcomes };
}
