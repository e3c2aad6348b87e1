/**
 * Ed25519 signing keys (`signature_scheme: "ed25519"`): an endpoint with a current key (`expires_at`
 * null) signs with it; a rotation gives the previous key an `expires_at`, and it keeps signing until
 * then. An endpoint without a row is `hmac`, so existing endpoints are unchanged.
 */
export const endpointSigningKeysSchema = `
CREATE TABLE endpoint_signing_keys (
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  sealed_private_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;
CREATE UNIQUE INDEX endpoint_signing_keys_current ON endpoint_signing_keys (endpoint_id) WHERE expires_at IS NULL;
CREATE INDEX endpoint_signing_keys_active ON endpoint_signing_keys (endpoint_id, expires_at);
`;
