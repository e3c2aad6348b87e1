import type { ObjectSchema } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { deriveCreditEvents } from "../domain/credit-events.js";
import { serializeEnvelope } from "../domain/envelope.js";
import { newId } from "../domain/ids.js";
import type { CreditState, EpochMs, NewEvent } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { type EmptyBody, invalidField, type ValidationFailure } from "./outcomes.js";
import type { PublishedEventSummary } from "./publish-event.js";
import { readBody } from "./request-body.js";

/**
 * A credit balance report (`{ credits_remaining, last_campaign_id? }`): stores the balance and
 * publishes `credits.low` / `credits.depleted` when the report crosses the threshold or reaches 0
 * (see domain/credit-events.ts), in one transaction.
 */
export interface ReportCreditBalanceDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Called after a report that created deliveries: wakes the in-process delivery workers. */
  readonly onPublished: () => void;
}

export interface ReportCreditBalanceInput {
  readonly accountId: string;
  /** The parsed request body: `{ credits_remaining, last_campaign_id? }`. */
  readonly body: unknown;
}

export type ReportCreditBalanceOutcome =
  | {
      readonly kind: "reported";
      readonly balance: number;
      /** The credit events this report fired (possibly none). */
      readonly events: readonly PublishedEventSummary[];
    }
  | ValidationFailure
  | EmptyBody;

export const requestSchema: ObjectSchema = {
  type: "object",
  properties: {
    credits_remaining: { type: "number", minimum: 0 },
    last_campaign_id: { type: "string", minLength: 1 },
  },
  required: ["credits_remaining"],
  additionalProperties: false,
};

/** Thrown inside the store's transaction to roll it back; never leaves this file. */
class MissingLastCampaignId extends Error {}

export async function reportCreditBalance(
  deps: ReportCreditBalanceDeps,
  input: ReportCreditBalanceInput,
): Promise<ReportCreditBalanceOutcome> {
  const read = readBody(input.body, requestSchema, { expected: "a JSON object with credits_remaining" });
  if (read.kind !== "read") return read;
  const { body } = read;
  const balance = body.credits_remaining as number;
  const campaignId = typeof body.last_campaign_id === "string" ? body.last_campaign_id : null;
  const now = deps.clock.now();
  const occurredAt: EpochMs = now;
  const deriveEvents = (previous: CreditState): NewEvent[] => {
    const derived = deriveCreditEvents(previous, balance, campaignId);
    if (derived.kind === "missing_last_campaign_id") throw new MissingLastCampaignId();
    return derived.events.map((event) => {
      const id = newId("evt", now);
      const bytes = serializeEnvelope({ id, type: event.type, occurredAt, data: event.data });
      return { id, type: event.type, occurredAt, body: bytes, storeEvenWithoutDeliveries: true };
    });
  };
  try {
    const outcome = await deps.store.reportCreditBalance({
      accountId: input.accountId,
      balance,
      campaignId,
      deriveEvents,
      now,
    });
    const events = outcome.events.map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt,
      deliveryCount: e.deliveryCount,
    }));
    if (events.some((e) => e.deliveryCount > 0)) deps.onPublished();
    return { kind: "reported", balance, events };
  } catch (error) {
    if (!(error instanceof MissingLastCampaignId)) throw error;
    // The store rolled the report back: the balance is not recorded, nothing was published.
    return invalidField(
      "last_campaign_id",
      "is required when the credits reach 0 and no campaign was published yet (credits.depleted carries it)",
    );
  }
}
