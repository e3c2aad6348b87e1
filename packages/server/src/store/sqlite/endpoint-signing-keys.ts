import type { SigningKey } from "../../domain/types.js";
import type { EndpointSigningKeyStore, SigningKeyRotation } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { sqliteEndpointMethods } from "./endpoints.js";
import type { SqliteContext } from "./sqlite-context.js";

const INSERT_KEY_SQL =
  "INSERT INTO endpoint_signing_keys (endpoint_id, sealed_private_key, public_key, created_at, expires_at) " +
  "VALUES (?, ?, ?, ?, NULL)";

/** Call inside a transaction. Every key of the endpoint is replaced by `key` (none when null). */
export function replaceSigningKey(
  { statement }: Pick<SqliteContext, "statement">,
  endpointId: string,
  key: SigningKey | null,
  now: number,
): void {
  statement("DELETE FROM endpoint_signing_keys WHERE endpoint_id = ?").run(endpointId);
  if (key !== null) statement(INSERT_KEY_SQL).run(endpointId, key.sealedPrivateKey, key.publicKey, now);
}

/** Key rotation (management API): the current key gets an end, a new one becomes current. */
export function sqliteEndpointSigningKeyMethods(context: SqliteContext): EndpointSigningKeyStore {
  const { db, statement } = context;
  const { getEndpoint } = sqliteEndpointMethods(context);
  const isLive = (accountId: string, endpointId: string) =>
    statement("SELECT 1 FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL").get(
      endpointId,
      accountId,
    ) !== undefined;

  const rotate = db.transaction((accountId: string, endpointId: string, rotation: SigningKeyRotation) => {
    if (!isLive(accountId, endpointId)) return false;
    const { now, previousExpiresAt, signingKey } = rotation;
    statement("DELETE FROM endpoint_signing_keys WHERE endpoint_id = ? AND expires_at <= ?").run(
      endpointId,
      now,
    );
    if (previousExpiresAt > now) {
      statement(
        "UPDATE endpoint_signing_keys SET expires_at = ? WHERE endpoint_id = ? AND expires_at IS NULL",
      ).run(Math.round(previousExpiresAt), endpointId);
    } else {
      statement("DELETE FROM endpoint_signing_keys WHERE endpoint_id = ? AND expires_at IS NULL").run(
        endpointId,
      );
    }
    statement(INSERT_KEY_SQL).run(endpointId, signingKey.sealedPrivateKey, signingKey.publicKey, now);
    statement("UPDATE endpoints SET updated_at = ? WHERE id = ?").run(now, endpointId);
    return true;
  });

  return {
    async rotateEndpointSigningKey(accountId, endpointId, rotation) {
      if (!rotate.immediate(accountId, endpointId, rotation)) return undefined;
      return getEndpoint(accountId, endpointId);
    },

    async activeSigningKeys(accountId, endpointId, now) {
      if (!isLive(accountId, endpointId)) return undefined;
      return statement(
        `SELECT k.sealed_private_key ${activeSigningKeysWhere("?", "?")} ${ACTIVE_SIGNING_KEYS_ORDER}`,
      )
        .pluck()
        .all(endpointId, now) as string[];
    },
  };
}
