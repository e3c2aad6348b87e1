import type { CreditState, EpochMs, NewEvent } from "../../domain/types.js";

/** Storing published events and fanning them out to the subscribed endpoints. */
export interface PublishStore {
  /**
   * In one transaction: stores the events and one `pending` delivery (due at `now`) per enabled
   * endpoint of the account whose selected event types include the event's type. With an
   * idempotency key already used by this account, writes nothing and answers `duplicate`.
   * The first event is always stored; a later one with `storeEvenWithoutDeliveries: false` and no
   * subscriber is not, and is left out of the answer.
   */
  publish(input: PublishInput): Promise<PublishOutcome>;
  /**
   * Like `publish` for each input, in order, all in ONE transaction: every outcome is durable once the
   * promise resolves, and nothing is written when it rejects. Inputs may belong to different accounts.
   * A key repeated within the call answers `duplicate` of the first input that used it, exactly as
   * one `publish` after the other would.
   */
  publishMany(inputs: readonly PublishInput[]): Promise<PublishOutcome[]>;
  /**
   * In one transaction: reads the account's credit state, stores the new balance, and publishes what
   * `deriveEvents` (pure domain code) returns for the transition, exactly like `publish`.
   * Rejects, writing nothing, when the account does not exist or `deriveEvents` throws.
   */
  reportCreditBalance(input: CreditReportInput): Promise<CreditReportOutcome>;
}

export interface PublishInput {
  readonly accountId: string;
  readonly idempotencyKey: string | null;
  /** The first one is the primary event: its id answers the publisher (and a later duplicate). */
  readonly events: readonly NewEvent[];
  /** Remembered as the account's last campaign when not null (see `CreditState.lastCampaignId`). */
  readonly campaignId: string | null;
  readonly now: EpochMs;
}

export interface PublishedEvent {
  readonly id: string;
  readonly type: string;
  readonly deliveryCount: number;
}

export type PublishOutcome =
  | { readonly kind: "published"; readonly events: readonly PublishedEvent[] }
  | { readonly kind: "duplicate"; readonly primaryEventId: string };

export interface CreditReportInput {
  readonly accountId: string;
  readonly balance: number;
  /** Sent by the reporter, remembered as the last campaign when not null. */
  readonly campaignId: string | null;
  /** Pure: given the state before this report, the events to publish (possibly none). */
  readonly deriveEvents: (previous: CreditState) => readonly NewEvent[];
  readonly now: EpochMs;
}

export interface CreditReportOutcome {
  readonly previous: CreditState;
  readonly events: readonly PublishedEvent[];
}
