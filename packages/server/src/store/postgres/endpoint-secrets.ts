import type { EndpointRecord, PreviousSecret } from "../../domain/types.js";
import type { EndpointSecretStore, SecretRotation } from "../port.js";
import { inTransaction, type Queryable } from "./connection.js";
import { getEndpoint } from "./endpoints.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

/**
 * Call inside a transaction. The current secret (row-locked) becomes a previous one until
 * `previousExpiresAt`, the new one becomes current; expired previous secrets are forgotten.
 */
export async function rotateEndpointSecret(
  db: Queryable,
  accountId: string,
  endpointId: string,
  rotation: SecretRotation,
): Promise<EndpointRecord | undefined> {
  const current = await db.query<{ sealed_secret: string | null }>(
    "SELECT sealed_secret FROM endpoints WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE",
    [accountId, endpointId],
  );
  const row = current.rows[0];
  if (row === undefined) return undefined;
  const now = epochMs(rotation.now);
  await db.query("DELETE FROM endpoint_previous_secrets WHERE endpoint_id = $1 AND expires_at <= $2", [
    endpointId,
    now,
  ]);
  if (row.sealed_secret !== null && rotation.previousExpiresAt > rotation.now) {
    await db.query(
      `INSERT INTO endpoint_previous_secrets (endpoint_id, sealed_secret, retired_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [endpointId, row.sealed_secret, now, epochMs(rotation.previousExpiresAt)],
    );
  }
  await db.query("UPDATE endpoints SET sealed_secret = $2, updated_at = $3 WHERE id = $1", [
    endpointId,
    rotation.sealedSecret,
    now,
  ]);
  return getEndpoint(db, accountId, endpointId);
}

export async function listPreviousSecrets(
  db: Queryable,
  accountId: string,
  endpointId: string,
  now: number,
): Promise<PreviousSecret[] | undefined> {
  const result = await db.query<{
    live: boolean;
    sealed_secret: string | null;
    retired_at: number | null;
    expires_at: number | null;
  }>(
    `SELECT true AS live, p.sealed_secret, p.retired_at, p.expires_at
     FROM endpoints e
     LEFT JOIN endpoint_previous_secrets p ON p.endpoint_id = e.id AND p.expires_at > $3
     WHERE e.account_id = $1 AND e.id = $2 AND e.deleted_at IS NULL
     ORDER BY p.retired_at DESC NULLS LAST, p.expires_at DESC`,
    [accountId, endpointId, epochMs(now)],
  );
  if (result.rows.length === 0) return undefined;
  return result.rows.flatMap((row) =>
    row.sealed_secret === null || row.retired_at === null || row.expires_at === null
      ? []
      : [{ sealedSecret: row.sealed_secret, retiredAt: row.retired_at, expiresAt: row.expires_at }],
  );
}

export function postgresEndpointSecretMethods({ pool }: PostgresContext): EndpointSecretStore {
  return {
    rotateEndpointSecret: (accountId, endpointId, rotation) =>
      inTransaction(pool, (tx) => rotateEndpointSecret(tx, accountId, endpointId, rotation)),
    listPreviousSecrets: (accountId, endpointId, now) =>
      listPreviousSecrets(pool, accountId, endpointId, now),
  };
}
