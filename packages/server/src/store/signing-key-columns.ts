import type { SigningKey } from "../domain/types.js";

/**
 * The current Ed25519 key of the endpoint `endpointRef` (an SQL expression for its id), as two result
 * columns; both null for an `hmac` endpoint. The same SQL on both engines.
 */
export function currentSigningKeyColumns(endpointRef: string): string {
  const current = `FROM endpoint_signing_keys k WHERE k.endpoint_id = ${endpointRef} AND k.expires_at IS NULL`;
  return `(SELECT k.public_key ${current}) AS signing_public_key, (SELECT k.sealed_private_key ${current}) AS sealed_signing_key`;
}

/** The keys signing at `nowRef` (an SQL expression), current first, then the previous ones newest first
 * (of two made in the same millisecond, the one signing longer). */
export function activeSigningKeysWhere(endpointRef: string, nowRef: string): string {
  return `FROM endpoint_signing_keys k WHERE k.endpoint_id = ${endpointRef} AND (k.expires_at IS NULL OR k.expires_at > ${nowRef})`;
}
export const ACTIVE_SIGNING_KEYS_ORDER =
  "ORDER BY (k.expires_at IS NULL) DESC, k.created_at DESC, k.expires_at DESC";

export interface SigningKeyColumns {
  signing_public_key: string | null;
  sealed_signing_key: string | null;
}

/** The `signingKey` field of an endpoint record: absent for an `hmac` endpoint. */
export function signingKeyField(row: SigningKeyColumns): { signingKey?: SigningKey } {
  if (row.signing_public_key === null || row.sealed_signing_key === null) return {};
  return { signingKey: { publicKey: row.signing_public_key, sealedPrivateKey: row.sealed_signing_key } };
}
