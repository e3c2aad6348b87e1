import type {
  Account,
  ApiKeyRecord,
  AttemptErrorKind,
  AttemptRecord,
  CreditState,
  DeliveryRecord,
  DeliveryStatus,
  EndpointRecord,
  EpochMs,
  EventRecord,
  NewEvent,
  PreviousSecret,
  RecoveryRecord,
} from "../domain/types.js";
import type { DashboardSessionStore } from "./dashboard-session-port.js";

/**
 * The Store port: everything the service keeps, in the service's words. Adapters (SQLite, PostgreSQL)
 * implement it and pass the same conformance suite. No SQL leaks through it, and no clock is read
 * behind it: every time is passed in.
 *
 * Every method that takes an `accountId` only sees that account's rows: another account's id behaves
 * exactly like an id that does not exist.
 */
export interface Store extends DashboardSessionStore {
  /** Creates or upgrades the schema with the numbered migrations. Safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // --- accounts and API keys -------------------------------------------------------------------
  createAccount(account: Account): Promise<void>;
  getAccount(accountId: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  setCreditsThreshold(accountId: string, threshold: number): Promise<Account | undefined>;

  createApiKey(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not (the caller decides what a revoked key means). */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Revokes at `now`, keeping the first revocation time if already revoked; false when no such key. */
  revokeApiKey(accountId: string, keyId: string, now: EpochMs): Promise<boolean>;

  // --- endpoints --------------------------------------------------------------------------------
  /** Event types are read back in the order given. */
  createEndpoint(endpoint: EndpointRecord): Promise<void>;
  getEndpoint(accountId: string, endpointId: string): Promise<EndpointRecord | undefined>;
  /** Oldest first. */
  listEndpoints(accountId: string): Promise<EndpointRecord[]>;
  updateEndpoint(
    accountId: string,
    endpointId: string,
    patch: EndpointPatch,
    now: EpochMs,
  ): Promise<EndpointRecord | undefined>;
  /**
   * Deletes the endpoint; its pending deliveries become `failed` and are never attempted again (a result
   * arriving later for one of them logs its attempt and leaves it failed). Its deliveries stay listed.
   */
  deleteEndpoint(accountId: string, endpointId: string, now: EpochMs): Promise<boolean>;

  // --- publishing -------------------------------------------------------------------------------
  /**
   * In one transaction: stores the events and one `pending` delivery (due at `now`) per enabled
   * endpoint of the account whose selected event types include the event's type. With an
   * idempotency key already used by this account, writes nothing and answers `duplicate`.
   * The first event is always stored; a later one with `storeEvenWithoutDeliveries: false` and no
   * subscriber is not, and is left out of the answer.
   */
  publish(input: PublishInput): Promise<PublishOutcome>;
  /**
   * In one transaction: reads the account's credit state, stores the new balance, and publishes what
   * `deriveEvents` (pure domain code) returns for the transition, exactly like `publish`.
   * Rejects, writing nothing, when the account does not exist or `deriveEvents` throws.
   */
  reportCreditBalance(input: CreditReportInput): Promise<CreditReportOutcome>;

  // --- delivering -------------------------------------------------------------------------------
  /**
   * Leases up to `limit` pending deliveries that are due (`nextAttemptAt <= now`) and not leased
   * (no lease, or an expired one), oldest due first, to `workerId` until `now + leaseMs`.
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
   */
  recordAttemptResults(results: readonly AttemptResult[]): Promise<RecordedResults>;
  /** Gives back every lease `workerId` holds (clean shutdown): those deliveries are due again now. */
  releaseLeases(workerId: string): Promise<void>;
  /** Gives back every lease (the embedded store at start, when no other process can hold one). */
  releaseAllLeases(): Promise<void>;
  /** The earliest `nextAttemptAt` of a pending delivery, leased or not; undefined when none. */
  nextDueAt(): Promise<EpochMs | undefined>;

  // --- delivery reliability (helper A) ------------------------------------------------------------
  // Also part of these rules (migration 002):
  // - `claimDueDeliveries` never claims a delivery of a disabled endpoint (`enabled` false, whatever the
  //   reason); it stays pending and is claimable again once the endpoint is enabled. It honours
  //   `ClaimInput.excludeEndpointIds` and `ClaimInput.maxPerEndpoint`, and stays fast however many due
  //   deliveries the excluded or disabled endpoints have piled up.
  // - `recordAttemptResults` keeps each endpoint's delivery health (`EndpointRecord.failingSince`,
  //   `lastSuccessAt`, `lastFailureAt`; times are attempt end times, kept to the second): a failed attempt
  //   sets `failingSince` when it is null, a successful one clears it. Results recorded out of order
  //   are judged by their times, not by the order they arrive in.
  // - `updateEndpoint` with `enabled: false` on an enabled endpoint sets `disabledReason` "user" and
  //   `disabledAt` = now; with `enabled: true` on a disabled one it clears them and `failingSince` (the
  //   endpoint starts a fresh failure period). `createEndpoint` stores these fields as given.
  /**
   * Gives back the leases `workerId` holds on these deliveries (claims it will not send): they are due
   * again at once, for any worker. Ids it does not hold (or that are no longer pending) are ignored.
   */
  releaseClaims(workerId: string, deliveryIds: readonly string[]): Promise<void>;
  /**
   * Disables every enabled endpoint (all accounts) whose `failingSince` is at or before `before`, with
   * `disabledReason` "failing_too_long" and `disabledAt` = `now`, and answers them. Each endpoint is
   * answered by one call only, even when several processes call at once. Their pending deliveries are
   * kept (not claimed while disabled).
   */
  disableEndpointsFailingSince(before: EpochMs, now: EpochMs): Promise<DisabledEndpoint[]>;

  // --- reading ----------------------------------------------------------------------------------
  getEvent(accountId: string, eventId: string): Promise<EventRecord | undefined>;
  getDelivery(accountId: string, deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Newest first, `limit` at most, strictly older than `beforeId` when given (cursor). */
  listDeliveries(accountId: string, query: DeliveryQuery): Promise<DeliveryRecord[]>;
  /** Oldest first. */
  listAttempts(accountId: string, deliveryId: string): Promise<AttemptRecord[]>;
  /** Counts of every delivery by status, all accounts (health, metrics, tests). */
  countDeliveriesByStatus(): Promise<Record<DeliveryStatus, number>>;

  // --- observability (helper F) -------------------------------------------------------------------
  /**
   * The delivery queue at `now`, all accounts, for /metrics and readiness. Of the `pending` deliveries,
   * those due at or before `now` are either `due` (no lease, or one ending at `now` at most: what a claim
   * would take; `oldestDueAt` is the earliest of their due times, null when none) or `leased` (a lease
   * ending after `now`). Leases are only taken on due deliveries, so `leased` is every leased delivery.
   */
  queueStats(now: EpochMs): Promise<QueueStats>;

  // --- circuit breaker (migration 006; rules in domain/circuit-rule.ts) ----------------------------
  // - `recordAttemptResults` moves each endpoint's circuit (`EndpointRecord.circuit`) by the batch's
  //   outcomes, in the same transaction; while a circuit is paused, the endpoint's pending deliveries
  //   that no worker holds are due no earlier than `pausedUntil`.
  // - `claimDueDeliveries` takes nothing of an endpoint whose circuit is open, except, once its pause
  //   ended, exactly one delivery (its oldest due) as the probe, across all claimers, until that probe's
  //   outcome is recorded or its claim's lease ends.
  /**
   * A person resent `deliveryId`: when its endpoint's circuit is paused, the pause ends now so that
   * delivery is sent at once as the probe (the endpoint's other deliveries keep waiting for it).
   */
  endCircuitPauseForResend(deliveryId: string, now: EpochMs): Promise<void>;
  /** Endpoints whose circuit is open or half-open, as every worker sees them. */
  countOpenCircuits(): Promise<number>;

  // --- retention (helper C) -------------------------------------------------------------------------
  /**
   * One batch of retention, in one short transaction. Deletes at most `batchSize` finished deliveries
   * (succeeded, or failed and not recovered since: a recovered one is pending again) created before
   * `olderThan`, oldest first, with their attempts; then the events created before `olderThan` that no
   * delivery references any more (the batch's own, and, once no old finished delivery is left, up to
   * `batchSize` others, e.g. events nobody subscribed to). An idempotency key is deleted in the same
   * transaction as the event it answers with, never before nor after it (so a repeated publish finds
   * both or neither); old keys whose event is already gone go too, up to `batchSize`. A pending delivery and its event are never deleted, whatever their age.
   * Several callers at once (several processes on PostgreSQL) never delete a row twice nor wait on
   * each other's rows. `more` is true when a limit was reached: call again for the rest.
   */
  deleteExpired(input: RetentionInput): Promise<RetentionBatchOutcome>;

  // --- management API (helper B1) -----------------------------------------------------------------
  /**
   * In one transaction: the current secret (if any) becomes a previous secret whose grace period ends at
   * `previousExpiresAt`, and `sealedSecret` becomes the current one; previous secrets already expired at
   * `now` are forgotten. Answers the endpoint, or undefined when there is no such endpoint.
   */
  rotateEndpointSecret(
    accountId: string,
    endpointId: string,
    rotation: SecretRotation,
  ): Promise<EndpointRecord | undefined>;
  /** The previous secrets still active at `now` (ending after it), newest first; undefined: no endpoint. */
  listPreviousSecrets(
    accountId: string,
    endpointId: string,
    now: EpochMs,
  ): Promise<PreviousSecret[] | undefined>;
  /**
   * In one transaction: stores the event of a test delivery (fanned out to nobody), the delivery (its final
   * status, `test: true`, never claimed) and its one attempt.
   */
  recordTestDelivery(input: TestDeliveryInput): Promise<void>;
  /**
   * Makes the delivery `pending` again, due at `now`, with a fresh retry budget (`retryBudgetStart` = its
   * attempts so far). When it is leased (an attempt in flight), the lease is kept and the request is
   * remembered instead: the holder's result then leaves it pending, due at `now`, with a fresh budget
   * starting after that attempt (see `recordAttemptResults`), so the resend is never lost.
   */
  resendDelivery(accountId: string, deliveryId: string, now: EpochMs): Promise<ResendOutcome>;
  /**
   * Starts a recovery of the endpoint's failed, non-test deliveries whose event happened in `[since,
   * until)`, counting them (`total`). When a `running` recovery of the same endpoint and window exists,
   * answers it instead (idempotent). Undefined when there is no such endpoint.
   */
  startRecovery(input: RecoveryStart): Promise<RecoveryRecord | undefined>;
  /**
   * One batch of a recovery, in one transaction: up to `batchSize` more of its deliveries (in id order,
   * after the last batch's) that are still failed become pending, due at `now`, with a fresh retry
   * budget. A delivery of the window in flight (pending and leased: its last attempt may be failing) is
   * taken as well and re-queued right after that attempt, like a resend (see `resendDelivery`). It is `done` when no delivery is left, or when its endpoint was deleted. Callers may run
   * batches of one recovery at once: each delivery is counted and re-queued once.
   * Undefined when there is no such recovery.
   */
  advanceRecovery(
    accountId: string,
    recoveryId: string,
    batchSize: number,
    now: EpochMs,
  ): Promise<RecoveryRecord | undefined>;
  getRecovery(accountId: string, recoveryId: string): Promise<RecoveryRecord | undefined>;
  /**
   * Attempts of the endpoint's non-test deliveries started at or after each time of `since` (one count per
   * time, in the same order), and how many answered 2xx. Undefined when there is no such endpoint.
   */
  countEndpointAttempts(
    accountId: string,
    endpointId: string,
    since: readonly EpochMs[],
  ): Promise<AttemptCounts[] | undefined>;
  /**
   * The account's non-test deliveries created in `[from, until)`, counted by current status per bucket of
   * `bucketMs` starting at `from` (bucket `i` starts at `from + i * bucketMs`); empty buckets are left out.
   */
  countDeliveriesOverTime(accountId: string, query: DeliverySeriesQuery): Promise<DeliveryBucketCount[]>;
  /** The account's events, newest first, `limit` at most, strictly older than `beforeId` when given. */
  listEvents(accountId: string, query: EventQuery): Promise<EventRecord[]>;
}

export interface EndpointPatch {
  readonly url?: string;
  readonly description?: string;
  readonly eventTypes?: readonly string[];
  readonly enabled?: boolean;
  /** Replaces the secret at once, without grace: previous secrets still in a grace period are dropped. */
  readonly sealedSecret?: string | null;
  /** Replaces the whole metadata object. */
  readonly metadata?: Readonly<Record<string, string>>;
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

export interface ClaimInput {
  readonly workerId: string;
  readonly now: EpochMs;
  readonly leaseMs: number;
  readonly limit: number;
  // --- endpoint isolation (helper A) ---
  /** Deliveries to these endpoints are not claimed (the worker's endpoints at their bound, open circuits). */
  readonly excludeEndpointIds?: readonly string[];
  /**
   * At most this many deliveries per endpoint in this claim (each endpoint's oldest due ones), so one
   * endpoint's backlog cannot fill a whole batch. No cap when absent.
   */
  readonly maxPerEndpoint?: number;
}

/** An endpoint disabled by `disableEndpointsFailingSince` (helper A). */
export interface DisabledEndpoint {
  readonly endpointId: string;
  readonly accountId: string;
  /** Its `failingSince` when it was disabled. */
  readonly failingSince: EpochMs;
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

export interface DeliveryQuery {
  readonly limit: number;
  readonly beforeId?: string;
  readonly endpointId?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly status?: DeliveryStatus;
  /** Only failed deliveries and pending ones whose last attempt failed (true), or only the others (false). */
  readonly failing?: boolean;
  // --- management API filters (helper B1) ---
  /** Deliveries whose event carries this `data.campaign_id` / `data.candidate_id`. */
  readonly campaignId?: string;
  readonly candidateId?: string;
  /** Deliveries created at or after / strictly before these times. */
  readonly createdSince?: EpochMs;
  readonly createdUntil?: EpochMs;
  /** Only test deliveries (true) or only real ones (false). */
  readonly test?: boolean;
}

/** See `Store.queueStats` (observability, helper F). */
export interface QueueStats {
  readonly pending: number;
  readonly due: number;
  readonly oldestDueAt: EpochMs | null;
  readonly leased: number;
}

/** See `Store.deleteExpired` (retention, helper C). */
export interface RetentionInput {
  /** Rows created before this time are expired (`now` minus the retention age). */
  readonly olderThan: EpochMs;
  /** At most this many deliveries, events and idempotency keys each in one call (e.g. 500). */
  readonly batchSize: number;
}

/** What one `deleteExpired` call removed. */
export interface RetentionBatchOutcome {
  readonly deliveries: number;
  readonly attempts: number;
  readonly events: number;
  readonly idempotencyKeys: number;
  /** A limit was reached: more expired rows may be left. */
  readonly more: boolean;
}

// --- management API (helper B1) ----------------------------------------------------------------------

/** See `Store.rotateEndpointSecret`. */
export interface SecretRotation {
  readonly sealedSecret: string;
  readonly previousExpiresAt: EpochMs;
  readonly now: EpochMs;
}

/** See `Store.recordTestDelivery`. The event is stored with `storeEvenWithoutDeliveries` ignored. */
export interface TestDeliveryInput {
  readonly event: NewEvent;
  /** `test: true`, status `succeeded` or `failed`, one attempt, `nextAttemptAt` null. */
  readonly delivery: DeliveryRecord;
  readonly attempt: AttemptRecord;
}

export type ResendOutcome =
  | { readonly kind: "resent"; readonly delivery: DeliveryRecord }
  | { readonly kind: "not_found" }
  /** A test delivery is never sent again. */
  | { readonly kind: "test_delivery" }
  /** Its endpoint was deleted. */
  | { readonly kind: "endpoint_deleted" };

export interface RecoveryStart {
  /** A new `rcv_` id, used unless a running recovery of the same endpoint and window exists. */
  readonly id: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly since: EpochMs;
  readonly until: EpochMs;
  readonly now: EpochMs;
}

export interface AttemptCounts {
  readonly attempts: number;
  /** Attempts answered with a 2xx status. */
  readonly succeeded: number;
}

export interface DeliverySeriesQuery {
  readonly from: EpochMs;
  readonly until: EpochMs;
  readonly bucketMs: number;
  readonly endpointId?: string;
}

export interface DeliveryBucketCount {
  /** The bucket's start time. */
  readonly start: EpochMs;
  /** `failing`: pending after a failed attempt (counted apart from the other pending ones). */
  readonly status: DeliveryStatus | "failing";
  readonly count: number;
}

export interface EventQuery {
  readonly limit: number;
  readonly beforeId?: string;
  readonly type?: string;
}

export type { AttemptErrorKind };
