import type { EpochMs, SigningKey } from "../../domain/types.js";
import type { EndpointSigningKeyStore, SigningKeyRotation } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { inTransaction, type Queryable } from "./connection.js";
import { getEndpoint } from "./endpoints.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

const INSERT_KEY_SQL = `INSERT INTO endpoint_signing_keys (endpoint_id, sealed_private_key, public_key, created_at, expires_at)
  VALUES ($1, $2, $3, $4, NULL)`;

/** Call inside a transaction. Every key of the endpoint is replaced by `key` (none when null). */
export async function replaceSigningKey(
  db: Queryable,
  endpointId: string,
  key: SigningKey | null,
  now: EpochMs,
): Promise<void> {
  await db.query("DELETE FROM endpoint_signing_keys WHERE endpoint_id = $1", [endpointId]);
  if (key !== null) {
    await db.query(INSERT_KEY_SQL, [endpointId, key.sealedPrivateKey, key.publicKey, epochMs(now)]);
  }
}

/** Call inside a transaction. The endpoint row is locked, so two rotations never race. */
async function rotateSigningKey(
  db: Queryable,
  accountId: string,
  endpointId: string,
  rotation: SigningKeyRotation,
): Promise<boolean> {
  const live = await db.query(
    "SELECT 1 FROM endpoints WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE",
    [accountId, endpointId],
  );
  if (live.rows.length === 0) return false;
  const now = epochMs(rotation.now);
  await db.query("DELETE FROM endpoint_signing_keys WHERE endpoint_id = $1 AND expires_at <= $2", [
    endpointId,
    now,
  ]);
  if (rotation.previousExpiresAt > rotation.now) {
    await db.query(
      "UPDATE endpoint_signing_keys SET expires_at = $2 WHERE endpoint_id = $1 AND expires_at IS NULL",
      [endpointId, epochMs(rotation.previousExpiresAt)],
    );
  } else {
    await db.query("DELETE FROM endpoint_signing_keys WHERE endpoint_id = $1 AND expires_at IS NULL", [
      endpointId,
    ]);
  }
  const { sealedPrivateKey, publicKey } = rotation.signingKey;
  await db.query(INSERT_KEY_SQL, [endpointId, sealedPrivateKey, publicKey, now]);
  await db.query("UPDATE endpoints SET updated_at = $2 WHERE id = $1", [endpointId, now]);
  return true;
}

async function activeSigningKeys(
  db: Queryable,
  accountId: string,
  endpointId: string,
  now: EpochMs,
): Promise<readonly string[] | undefined> {
  const found = await db.query<{ keys: string[] }>(
    `SELECT ARRAY(SELECT k.sealed_private_key ${activeSigningKeysWhere("e.id", "$3")} ${ACTIVE_SIGNING_KEYS_ORDER}) AS keys
     FROM endpoints e WHERE e.account_id = $1 AND e.id = $2 AND e.deleted_at IS NULL`,
    [accountId, endpointId, epochMs(now)],
  );
  return found.rows[0]?.keys;
}

export function postgresEndpointSigningKeyMethods({ pool }: PostgresContext): EndpointSigningKeyStore {
  return {
    rotateEndpointSigningKey: async (accountId, endpointId, rotation) =>
      inTransaction(pool, async (tx) =>
        (await rotateSigningKey(tx, accountId, endpointId, rotation))
          ? getEndpoint(tx, accountId, endpointId)
          : undefined,
      ),
    activeSigningKeys: (accountId, endpointId, now) => activeSigningKeys(pool, accountId, endpointId, now),
  };
}
