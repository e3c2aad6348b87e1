import type { EndpointRecord, EpochMs, SigningKey } from "../../domain/types.js";

/** Rotating an `ed25519` endpoint's key pair with a grace period for the previous ones. */
export interface EndpointSigningKeyStore {
  /**
   * In one transaction: keys already expired at `now` are forgotten, the current key (if any) keeps
   * signing until `previousExpiresAt` (dropped at once when that is not after `now`), and `signingKey`
   * becomes the current one. Answers the endpoint, or undefined when there is no such endpoint.
   */
  rotateEndpointSigningKey(
    accountId: string,
    endpointId: string,
    rotation: SigningKeyRotation,
  ): Promise<EndpointRecord | undefined>;
  /** The previous keys still signing at `now` (ending after it), newest first; undefined: no endpoint. */
  listPreviousSigningKeys(
    accountId: string,
    endpointId: string,
    now: EpochMs,
  ): Promise<PreviousSigningKey[] | undefined>;
}

/** See `EndpointSigningKeyStore.rotateEndpointSigningKey`. */
export interface SigningKeyRotation {
  readonly signingKey: SigningKey;
  readonly previousExpiresAt: EpochMs;
  readonly now: EpochMs;
}

/** A key replaced by a rotation, signing after the current one until `expiresAt`. */
export interface PreviousSigningKey extends SigningKey {
  readonly expiresAt: EpochMs;
}
