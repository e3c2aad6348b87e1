/** The v1 API's JSON shapes, as the dashboard reads them (snake_case, ISO 8601 times). */

export type EndpointState = "active" | "failing" | "disabled";
export type DisabledReason = "user" | "failing_too_long";
export type SignatureScheme = "hmac" | "ed25519";
export type DeliveryStatus = "pending" | "succeeded" | "failed";
export type AttemptErrorKind =
  | "http_status"
  | "timeout"
  | "connection_refused"
  | "connection_reset"
  | "tls"
  | "dns"
  | "blocked"
  | "network";

export interface Endpoint {
  readonly id: string;
  /** `pull`: no URL (`url` null), its events are read with GET /v1/endpoints/{id}/events. */
  readonly kind?: "push" | "pull";
  readonly url: string | null;
  readonly description: string;
  readonly event_types: readonly string[];
  readonly enabled: boolean;
  readonly has_secret: boolean;
  /** `ed25519`: webhook-signature carries v1a signatures, checked with `public_key`. */
  readonly signature_scheme?: SignatureScheme;
  readonly public_key?: string | null;
  /** Ordered delivery per key: null (any order), `candidate` or `campaign`. */
  readonly ordering?: "candidate" | "campaign" | null;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly state?: EndpointState;
  /** While failing: since when its attempts fail. */
  readonly failing_since?: string | null;
  readonly disabled_reason?: DisabledReason | null;
  readonly disabled_at?: string | null;
  /** Its circuit breaker: paused after failures in a row, then one probe attempt decides. */
  readonly circuit?: {
    readonly state: "closed" | "open" | "half_open";
    readonly consecutive_failures: number;
    readonly opened_at: string | null;
    readonly paused_until: string | null;
  };
  readonly created_at: string;
  readonly updated_at: string;
  /** Only in the answer that generated it. */
  readonly secret?: string;
}

export interface WindowStats {
  readonly attempts: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly success_rate: number | null;
}

export interface EndpointStats {
  readonly last_hour: WindowStats;
  readonly last_day: WindowStats;
  readonly last_success_at: string | null;
  readonly last_failure_at: string | null;
  readonly state: EndpointState;
}

export interface StatsBucket {
  readonly start: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
}

export interface Delivery {
  readonly id: string;
  readonly event_id: string;
  readonly endpoint_id: string;
  readonly event_type: string;
  readonly status: DeliveryStatus;
  readonly attempt_count: number;
  readonly next_attempt_at: string | null;
  readonly last_status_code: number | null;
  readonly last_error_kind: AttemptErrorKind | null;
  readonly created_at: string;
  readonly updated_at: string;
  /** A pending delivery of an ordered endpoint held back by an earlier one of its key; null otherwise. */
  readonly waiting_for?: { readonly delivery_id: string; readonly ordering_key: string } | null;
  readonly test?: boolean;
}

export interface Attempt {
  readonly attempt_number: number;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly status_code: number | null;
  readonly error_kind: AttemptErrorKind | null;
  readonly error_message: string | null;
  readonly response_excerpt: string | null;
  readonly response_headers?: Readonly<Record<string, string>> | null;
  readonly request_headers?: Readonly<Record<string, string>> | null;
}

export interface DeliveryDetail extends Delivery {
  readonly attempts: readonly Attempt[];
  /** The envelope as sent. */
  readonly event?: unknown;
}

export interface StoredEvent {
  readonly id: string;
  readonly envelope: unknown;
}

export interface TestResult {
  readonly delivery_id: string;
  readonly event_id: string;
  readonly succeeded: boolean;
  readonly status_code: number | null;
  readonly duration_ms: number;
  readonly response_excerpt: string | null;
  readonly error_kind: AttemptErrorKind | null;
  readonly error_message: string | null;
}

export interface Recovery {
  readonly recovery_id: string;
  readonly total: number;
  readonly requeued: number;
  readonly status: "running" | "done";
}

export interface SecretReveal {
  readonly secret: string | null;
  readonly previous: readonly { readonly expires_at: string }[];
}

/** `POST /v1/endpoints/{id}/signing-key/rotate`. */
export interface SigningKeyRotation {
  readonly public_key: string;
  readonly previous_expires_at: string | null;
}

export interface Rotation {
  readonly secret: string;
  /** Null when there was no previous secret, or the grace period was 0: nothing else signs. */
  readonly previous_expires_at: string | null;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly created_at: string;
  readonly revoked_at?: string | null;
  /** Only in the create answer. */
  readonly key?: string;
}

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly credits_threshold: number;
  readonly created_at: string;
}

export interface Page<T> {
  readonly data: readonly T[];
  readonly next_cursor: string | null;
}

export type Session =
  | { readonly signed_in: false; readonly development_mode: boolean }
  | {
      readonly signed_in: true;
      readonly account: { readonly id: string; readonly name: string };
      readonly key: { readonly id: string; readonly name: string; readonly prefix: string };
      readonly csrf_token: string;
      readonly expires_at: string;
      readonly development_mode: boolean;
    };

export type SignedInSession = Extract<Session, { signed_in: true }>;

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}
