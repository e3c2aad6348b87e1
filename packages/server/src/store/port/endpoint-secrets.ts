import type { EndpointRecord, EpochMs, PreviousSecret } from "../../domain/types.js";

/** Rotating an endpoint's signing secret with a grace period for the previous ones. */
export interface EndpointSecretStore {
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
}

/** See `EndpointSecretStore.rotateEndpointSecret`. */
export interface SecretRotation {
  readonly sealedSecret: string;
  readonly previousExpiresAt: EpochMs;
  readonly now: EpochMs;
}
