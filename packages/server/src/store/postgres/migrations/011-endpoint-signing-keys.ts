/** Ed25519 signing keys, mirroring `../../sqlite/migrations/011-endpoint-signing-keys.ts`. */
export const endpointSigningKeysSchema = `
CREATE TABLE endpoint_signing_keys (
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  sealed_private_key text NOT NULL,
  public_key text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint
);
CREATE UNIQUE INDEX endpoint_signing_keys_current ON endpoint_signing_keys (endpoint_id) WHERE expires_at IS NULL;
CREATE INDEX endpoint_signing_keys_active ON endpoint_signing_keys (endpoint_id, expires_at);
`;
