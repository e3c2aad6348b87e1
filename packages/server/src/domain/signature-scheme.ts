import type { EndpointRecord } from "./types.js";

/**
 * How deliveries fill `webhook-signature`: `hmac` (the default) with `v1,` HMAC signatures of the
 * endpoint's secrets, `ed25519` with `v1a,` signatures of its key pair, which a receiver checks with
 * the public key alone (`X-VoiceHire-Signature` stays the HMAC of the secret either way).
 */
export const SIGNATURE_SCHEMES = ["hmac", "ed25519"] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export function signatureSchemeOf(endpoint: EndpointRecord): SignatureScheme {
  return endpoint.signingKey === undefined ? "hmac" : "ed25519";
}
