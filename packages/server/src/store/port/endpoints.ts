import type { EndpointOrdering, EndpointRecord, EpochMs, SigningKey } from "../../domain/types.js";

/** An account's endpoints: what they receive and whether they are enabled. */
export interface EndpointStore {
  /**
   * Event types are read back in the order given. The delivery health and disabling fields
   * (`failingSince`, `lastSuccessAt`, `lastFailureAt`, `disabledReason`, `disabledAt`) are stored as given.
   */
  createEndpoint(endpoint: EndpointRecord): Promise<void>;
  getEndpoint(accountId: string, endpointId: string): Promise<EndpointRecord | undefined>;
  /** Oldest first. */
  listEndpoints(accountId: string): Promise<EndpointRecord[]>;
  /**
   * `enabled: false` on an enabled endpoint sets `disabledReason` "user" and `disabledAt` = `now`;
   * `enabled: true` on a disabled one clears them and `failingSince` (the endpoint starts a fresh
   * failure period).
   */
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
}

export interface EndpointPatch {
  readonly url?: string;
  readonly description?: string;
  readonly eventTypes?: readonly string[];
  readonly enabled?: boolean;
  /** Replaces the secret at once, without grace: previous secrets still in a grace period are dropped. */
  readonly sealedSecret?: string | null;
  /**
   * Replaces the Ed25519 key at once, without grace (previous keys in a grace period are dropped); null
   * removes every key: the endpoint goes back to `hmac`.
   */
  readonly signingKey?: SigningKey | null;
  /** Replaces the whole metadata object. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Sets or clears (null) ordered delivery; deliveries already fanned out keep what they had. */
  readonly ordering?: EndpointOrdering | null;
}
