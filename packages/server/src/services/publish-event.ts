import type { Clock } from "../domain/clock.js";
import type { EpochMs } from "../domain/types.js";
import type { PublishInput, PublishOutcome, Store } from "../store/port.js";
import type { ValidationFailure } from "./outcomes.js";
import { buildEvents, campaignIdOf, validatePublishRequest } from "./publish-request.js";

export { requestSchema } from "./publish-request.js";

/**
 * Publishing one event (`{ event, data, timestamp? }`): validated against the catalog (publish-request.ts),
 * stored with one delivery per subscribed endpoint in one transaction, then the in-process workers are
 * woken. The answer is sent only once the event is durable.
 */
export interface PublishEventDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Called after a publish that created deliveries: wakes the in-process delivery workers. */
  readonly onPublished: () => void;
  /**
   * Writes one publish durably: the store's `publish` by default, or a group commit in front of it
   * (publish-group-commit.ts), which shares one transaction among the publishes that arrive together.
   */
  readonly commit?: (input: PublishInput) => Promise<PublishOutcome>;
}

export interface PublishEventInput {
  readonly accountId: string;
  /** The parsed request body: `{ event, data, timestamp? }`. */
  readonly body: unknown;
  /** The publisher's idempotency key: the same key answers the first event and fans out nothing new. */
  readonly idempotencyKey: string | null;
}

export interface PublishedEventSummary {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: EpochMs;
  readonly deliveryCount: number;
}

export type PublishedOrDuplicate =
  | {
      readonly kind: "published";
      readonly event: PublishedEventSummary;
      /** The derived events that were stored (the `.extended` variant when an endpoint wants it). */
      readonly derived: readonly PublishedEventSummary[];
    }
  | {
      readonly kind: "duplicate";
      /** The event first published with this idempotency key. */
      readonly event: { readonly id: string; readonly type: string; readonly occurredAt: EpochMs };
    };

export type PublishEventOutcome = PublishedOrDuplicate | ValidationFailure;

/**
 * What the publisher is answered once the store wrote `input`: the summaries of the stored events, or
 * the first event of a duplicate key. Undefined when that first event is gone (retention deletes a key
 * with its event, and both went since the store saw the key): the caller publishes anew.
 */
export async function answerOfPublish(
  store: Pick<Store, "getEvent">,
  input: PublishInput,
  outcome: PublishOutcome,
): Promise<PublishedOrDuplicate | undefined> {
  if (outcome.kind === "duplicate") {
    const first = await store.getEvent(input.accountId, outcome.primaryEventId);
    if (first === undefined) return undefined;
    return { kind: "duplicate", event: { id: first.id, type: first.type, occurredAt: first.occurredAt } };
  }
  const summaries = input.events.flatMap((event): PublishedEventSummary[] => {
    const stored = outcome.events.find((e) => e.id === event.id);
    const deliveryCount = stored?.deliveryCount ?? 0;
    if (stored === undefined || (!event.storeEvenWithoutDeliveries && deliveryCount === 0)) return [];
    return [{ id: event.id, type: event.type, occurredAt: event.occurredAt, deliveryCount }];
  });
  const [primary, ...derived] = summaries;
  if (primary === undefined || primary.id !== input.events[0]?.id) {
    throw new Error("the store did not report the published event");
  }
  return { kind: "published", event: primary, derived };
}

/** Whether a publish created deliveries (the workers are then woken). */
export function createdDeliveries(answer: PublishedOrDuplicate): boolean {
  return answer.kind === "published" && [answer.event, ...answer.derived].some((s) => s.deliveryCount > 0);
}

export async function publishEvent(
  deps: PublishEventDeps,
  input: PublishEventInput,
): Promise<PublishEventOutcome> {
  const request = validatePublishRequest(input.body);
  if (request.kind === "invalid") return request;
  const now = deps.clock.now();
  const storeInput: PublishInput = {
    accountId: input.accountId,
    idempotencyKey: input.idempotencyKey,
    events: buildEvents(request, now),
    campaignId: campaignIdOf(request),
    now,
  };
  const commit = deps.commit ?? ((one: PublishInput) => deps.store.publish(one));
  let answer = await answerOfPublish(deps.store, storeInput, await commit(storeInput));
  // The key's first event was deleted by retention between the two reads: publish anew, once.
  answer ??= await answerOfPublish(deps.store, storeInput, await commit(storeInput));
  if (answer === undefined) {
    throw new Error(`the first event of idempotency key ${input.idempotencyKey} is missing`);
  }
  if (createdDeliveries(answer)) deps.onPublished();
  return answer;
}
