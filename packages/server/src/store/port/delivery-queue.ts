import type { AttemptRecord, EpochMs } from "../../domain/types.js";

/** The queue workers take deliveries from: leases, recorded attempts and what is due next. */
export interface DeliveryQueueStore {
  /**
   * Leases up to `limit` pending deliveries that are due (`nextAttemptAt <= now`) and not leased
   * (no lease, or an expired one), oldest due first, to `workerId` until `now + leaseMs`.
   * - Never claims a delivery of a disabled endpoint (`enabled` false, whatever the reason); it stays
   *   pending and is claimable again once the endpoint is enabled. Honours `excludeEndpointIds` and
   *   `maxPerEndpoint`, and stays fast however many due deliveries the excluded or disabled endpoints
   *   have piled up.
   * - Takes nothing of an endpoint whose circuit is open, except, once its pause ended, exactly one
   *   delivery (its oldest due) as the probe, across all claimers, until that probe's outcome is
   *   recorded or its claim's lease ends.
   */
  claimDueDeliveries(input: ClaimInput): Promise<ClaimedDelivery[]>;
  /**
   * Records finished attempts in one transaction (group commit) and moves each delivery to its next
   * state, releasing its lease. A result whose lease is no longer held by `workerId` still records
   * its attempt but leaves the delivery as it is (status, attempt count, last status, due time).
   * When a resend or a recovery was asked while the attempt was in flight (see `resendDelivery`), the
   * lease holder's result leaves the delivery `pending`, due at the time of that request, with a fresh
   * retry budget starting after this attempt, whatever the result said (succeeded or last failure).
   * A result whose delivery no longer exists (deleted by retention meanwhile) is not recorded and is
   * answered in `missingDeliveryIds`; the others are recorded all the same.
   * - Keeps each endpoint's delivery health (`EndpointRecord.failingSince`, `lastSuccessAt`,
   *   `lastFailureAt`; times are attempt end times, kept to the second): a failed attempt sets
   *   `failingSince` when it is null, a successful one clears it. Results recorded out of order are
   *   judged by their times, not by the order they arrive in.
   * - Moves each endpoint's circuit (`EndpointRecord.circuit`) by the batch's outcomes, in the same
   *   transaction; while a circuit is paused, the endpoint's pending deliveries that no worker holds
   *   are due no earlier than `pausedUntil`.
   * - A store whose commit can succeed while its answer is lost (a network database) takes the same
   *   results again as a no-op per attempt already stored: not stored, counted or moved twice, and the
   *   ordering keys of their deliveries settled again. (The embedded store commits with its answer.)
   */
  recordAttemptResults(results: readonly AttemptResult[]): Promise<RecordedResults>;
  /** Gives back every lease `workerId` holds (clean shutdown): those deliveries are due again now. */
  releaseLeases(workerId: string): Promise<void>;
  /** Gives back every lease (the embedded store at start, when no other process can hold one). */
  releaseAllLeases(): Promise<void>;
  /**
   * Gives back the leases `workerId` holds on these deliveries (claims it will not send): they are due
   * again at once, for any worker. Ids it does not hold (or that are no longer pending) are ignored.
   */
  releaseClaims(workerId: string, deliveryIds: readonly string[]): Promise<void>;
  /** The earliest `nextAttemptAt` of a pending delivery, leased or not; undefined when none. */
  nextDueAt(): Promise<EpochMs | undefined>;
  /**
   * Ordered delivery (endpoints with `ordering`): of one endpoint's pending deliveries sharing an ordering
   * key, exactly one is let through, its head (`domain/order-head.ts`: the one leased, else the earliest
   * published); the others are held (`nextAttemptAt` null, never claimed) until it succeeds or finally
   * fails. Publishing, recording results, resending and recovering keep this. On PostgreSQL the settling
   * that follows a publish or a result is a transaction of its own: a process stopped between the two
   * leaves the key with no head. This lets the head of such keys through, due at `now` (at most `limit`
   * keys), and answers how many it found; workers call it now and then.
   */
  releaseStrandedOrderedKeys(now: EpochMs, limit: number): Promise<number>;
}

export interface ClaimInput {
  readonly workerId: string;
  readonly now: EpochMs;
  readonly leaseMs: number;
  readonly limit: number;
  /** Deliveries to these endpoints are not claimed (the worker's endpoints at their bound, open circuits). */
  readonly excludeEndpointIds?: readonly string[];
  /**
   * At most this many deliveries per endpoint in this claim (each endpoint's oldest due ones), so one
   * endpoint's backlog cannot fill a whole batch. No cap when absent.
   */
  readonly maxPerEndpoint?: number;
}

/** Everything a worker needs to make one attempt, in one read. */
export interface ClaimedDelivery {
  readonly deliveryId: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly url: string;
  /**
   * The endpoint's sealed secrets active at claim time, newest first: the current one, then the previous
   * ones whose grace period has not ended (see `rotateEndpointSecret`); empty when it does not sign.
   */
  readonly sealedSecrets: readonly string[];
  /**
   * An `ed25519` endpoint's sealed private keys active at claim time, current first, then the previous
   * ones in their grace period, newest first; absent for an `hmac` endpoint.
   */
  readonly sealedSigningKeys?: readonly string[];
  readonly eventId: string;
  readonly eventType: string;
  readonly body: Uint8Array;
  /** The number of the attempt about to be made: 1 for the first. */
  readonly attemptNumber: number;
  /**
   * Attempts made before the current retry budget began (a resend or a recovery gives a fresh one):
   * the retry schedule counts from there. Absent means 0.
   */
  readonly retryBudgetStart?: number;
}

export type NextDeliveryState =
  | { readonly status: "succeeded" }
  | { readonly status: "failed" }
  | { readonly status: "pending"; readonly nextAttemptAt: EpochMs };

export interface AttemptResult {
  readonly workerId: string;
  readonly attempt: AttemptRecord;
  readonly next: NextDeliveryState;
}

/** What `recordAttemptResults` could not record. */
export interface RecordedResults {
  /** Deliveries of results left out because the delivery no longer exists (in the order given). */
  readonly missingDeliveryIds: readonly string[];
}
