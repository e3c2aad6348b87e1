/**
 * Glossary of VoiceHire Webhooks.
 *
 * - **account**: a VoiceHire customer. Everything (endpoints, events, deliveries, keys) belongs to one.
 * - **API key**: a bearer token that authenticates a request for one account. Stored only as a hash.
 * - **endpoint**: an HTTPS URL of the customer's that receives the event types it selected, signed with
 *   its secret when it has one (a push endpoint), or a pull endpoint: no URL, its events are kept for it
 *   in order and read with a cursor (`GET /v1/endpoints/{id}/events`).
 * - **pull position**: the place of a pull endpoint's delivery in its read order (1, 2, 3, …), given by
 *   the first read that sees it committed; a cursor is the position read up to.
 * - **event type**: one of the 10 names of the catalog (`campaign.created`, ...).
 * - **envelope**: the JSON object POSTed to endpoints: `{ id, event, timestamp, data }`. Its bytes are
 *   serialized once, stored, signed and sent as they are.
 * - **event**: one stored envelope. A publish stores one event, plus derived ones (the `.extended`
 *   interview variant, `credits.low` / `credits.depleted`).
 * - **delivery**: one event to one endpoint. It is `pending` until an attempt succeeds (`succeeded`)
 *   or the attempts run out (`failed`).
 * - **attempt**: one HTTP POST of a delivery, with its outcome.
 * - **lease**: a worker's temporary claim on a pending delivery; an expired lease (a dead worker) makes
 *   the delivery claimable again.
 * - **secret box**: the sealed (encrypted) form of an endpoint secret; the store never sees it in clear.
 * - **previous secret**: a secret replaced by a rotation, still signing deliveries (after the current one)
 *   until its grace period ends.
 * - **signing key**: an endpoint's Ed25519 key pair (`signature_scheme: "ed25519"`): deliveries carry
 *   `v1a,` signatures a receiver checks with the public key (`whpk_...`), which cannot sign.
 * - **test delivery**: one "Tester" POST of a catalog sample, logged like a delivery (`test`), never retried.
 * - **recovery**: a bulk re-queue of an endpoint's failed deliveries whose events happened in a time window.
 *
 * All times are epoch milliseconds (`number`), passed in by the caller: the store never reads a clock.
 */
import type { CircuitRecord } from "./circuit-rule.js";

export type EpochMs = number;

export type DeliveryStatus = "pending" | "succeeded" | "failed";

/** Why an attempt failed, as recorded in the attempt log. */
export type AttemptErrorKind =
  | "http_status" // the receiver answered, but not 2xx (3xx redirects included: never followed)
  | "timeout" // no complete answer within the deadline (5 s)
  | "connection_refused"
  | "connection_reset"
  | "tls" // certificate or handshake problem
  | "dns" // the host name does not resolve
  | "blocked" // the address is not allowed (SSRF guard: private, loopback, metadata, ...)
  | "network"; // any other transport failure

export interface Account {
  readonly id: string;
  readonly name: string;
  /** `credits.low` fires when the balance goes below this. Default 10. */
  readonly creditsThreshold: number;
  readonly createdAt: EpochMs;
}

export type ApiKeyKind = "account" | "admin";

export interface ApiKeyRecord {
  readonly id: string;
  readonly accountId: string;
  readonly kind: ApiKeyKind;
  /** SHA-256 hex of the full key; the key itself is never stored. */
  readonly hash: string;
  /** The first characters of the key, shown in listings so a user can recognize it. */
  readonly prefix: string;
  readonly name: string;
  readonly createdAt: EpochMs;
  readonly revokedAt: EpochMs | null;
}

/** `push`: POSTed to its URL; `pull`: kept for the customer to read (its `url` is ""). */
export type EndpointKind = "push" | "pull";

/**
 * Ordered delivery (migration 012): the event field whose value is the ordering key. Deliveries of one
 * endpoint sharing a key are attempted strictly in publish order, each once the earlier ones have
 * succeeded or finally failed; deliveries without the field, and other keys, are not held back.
 */
export type EndpointOrdering = "candidate" | "campaign";

export interface EndpointRecord {
  readonly id: string;
  readonly accountId: string;
  /** Absent means `push` (every endpoint made before pull endpoints existed). */
  readonly kind?: EndpointKind;
  /** Absent means not ordered (`ordering: null`); applies to deliveries fanned out after it is set. */
  readonly ordering?: EndpointOrdering;
  readonly url: string;
  readonly description: string;
  /** The customer's own labels (string to string, at most 20 keys). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Selected event types; an endpoint receives only these. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  /** The sealed secret (see `SecretBox`), or null when the endpoint does not sign. */
  readonly sealedSecret: string | null;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  // --- delivery health (migration 002): kept by the store as attempts are recorded ---
  /** The first failed attempt after the last success (to the second); null while it is not failing. */
  readonly failingSince: EpochMs | null;
  /** The last attempt answered 2xx / the last failed one (kept to the second); null before the first. */
  readonly lastSuccessAt: EpochMs | null;
  readonly lastFailureAt: EpochMs | null;
  /** Why it is disabled (`enabled` false); null while enabled. */
  readonly disabledReason: EndpointDisabledReason | null;
  readonly disabledAt: EpochMs | null;
  /** Its circuit breaker (migration 006); absent means closed without failures (`closedCircuit`). */
  readonly circuit?: CircuitRecord;
  /**
   * Its current Ed25519 key (migration 011): present when its `signature_scheme` is `ed25519`, absent for
   * `hmac` (the default). A rotation keeps the previous key signing until its grace period ends.
   */
  readonly signingKey?: SigningKey;
}

/** An endpoint's Ed25519 key pair: the private key sealed like a secret, the public one shown to all. */
export interface SigningKey {
  /** The sealed (see `SecretBox`) base64 PKCS#8 DER of the private key. */
  readonly sealedPrivateKey: string;
  /** `whpk_` + base64 of the raw 32-byte public key. */
  readonly publicKey: string;
}

/**
 * `user`: disabled through the API (or created disabled); `failing_too_long`: disabled automatically after
 * failing without a single success for the configured time (5 days by default).
 */
export type EndpointDisabledReason = "user" | "failing_too_long";

export interface EventRecord {
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  /** When the event happened (the envelope's `timestamp`). */
  readonly occurredAt: EpochMs;
  /** The exact bytes POSTed to endpoints. */
  readonly body: Uint8Array;
  readonly createdAt: EpochMs;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly accountId: string;
  readonly eventId: string;
  readonly endpointId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  /** Attempts made so far. */
  readonly attemptCount: number;
  /** When the next attempt is due (pending), or null once final. */
  readonly nextAttemptAt: EpochMs | null;
  readonly lastStatusCode: number | null;
  readonly lastErrorKind: AttemptErrorKind | null;
  /** A "Tester" delivery: sent once, at once, never claimed nor retried. */
  readonly test: boolean;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /**
   * A pending delivery of an ordered endpoint held back by an unfinished one of its key (its `nextAttemptAt`
   * is then null: it is not due until its turn comes). Absent when it is not held back.
   */
  readonly waitingFor?: DeliveryWaitingFor;
}

export interface DeliveryWaitingFor {
  /** The earliest unfinished earlier delivery of the key (or the one of the key now in flight). */
  readonly deliveryId: string;
  /** The event's `candidate_id` or `campaign_id`, by the endpoint's `ordering`. */
  readonly orderingKey: string;
}

export interface AttemptRecord {
  readonly id: string;
  readonly deliveryId: string;
  /** 1 for the first try, 2, 3, ... */
  readonly attemptNumber: number;
  readonly startedAt: EpochMs;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly errorKind: AttemptErrorKind | null;
  /** A short human-readable description of the failure, never containing secrets. */
  readonly errorMessage: string | null;
  /** The first KB of the response body, decoded as UTF-8 (lossy). */
  readonly responseExcerpt: string | null;
  /** The headers sent, every signature replaced by `[redacted]`; absent when not recorded. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** The headers answered (names in lowercase); absent when there was no answer or not recorded. */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

/** What a publish writes: one envelope to store and to fan out to its subscribers. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: EpochMs;
  readonly body: Uint8Array;
  /**
   * A derived envelope that no endpoint subscribes to is not worth storing (e.g. the `.extended`
   * variant when nobody asked for it); the primary event is always stored.
   */
  readonly storeEvenWithoutDeliveries: boolean;
  /** `data.campaign_id` / `data.candidate_id` when the event has them: kept to filter the delivery log. */
  readonly campaignId?: string | null;
  readonly candidateId?: string | null;
}

/** The credit balance state an account keeps to fire `credits.*` once per crossing. */
export interface CreditState {
  /** The last reported balance, or null before the first report. */
  readonly balance: number | null;
  readonly threshold: number;
  /** The last campaign id seen in a published event (used by `credits.depleted`). */
  readonly lastCampaignId: string | null;
}

/** A secret replaced by a rotation: it still signs deliveries until `expiresAt`. */
export interface PreviousSecret {
  /** The sealed secret (see `SecretBox`). */
  readonly sealedSecret: string;
  /** When the rotation replaced it. */
  readonly retiredAt: EpochMs;
  /** The end of its grace period: deliveries made from then on no longer carry its signature. */
  readonly expiresAt: EpochMs;
}

export type RecoveryStatus = "running" | "done";

/** A bulk re-queue of an endpoint's failed deliveries whose events happened in `[since, until)`. */
export interface RecoveryRecord {
  readonly id: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly since: EpochMs;
  readonly until: EpochMs;
  readonly status: RecoveryStatus;
  /** Failed deliveries in the window when the recovery started. */
  readonly total: number;
  /** Deliveries re-queued so far. */
  readonly requeued: number;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}
