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
  /**
   * The sealed private keys signing at `now`, as a claim carries them (`sealedSigningKeys`): current
   * first, then the previous ones newest first; empty for an `hmac` endpoint, undefined: no endpoint.
   */
  activeSigningKeys(
    accountId: string,
    endpointId: string,
    now: EpochMs,
  ): Promise<readonly string[] | undefined>;
}

/** See `EndpointSigningKeyStore.rotateEndpointSigningKey`. */
export interface SigningKeyRotation {
  readonly signingKey: SigningKey;
  readonly previousExpiresAt: EpochMs;
  readonly now: EpochMs;
}
