import type { PreviousSecret } from "../../domain/types.js";
import type { EndpointSecretStore, SecretRotation } from "../port.js";
import { sqliteEndpointMethods } from "./endpoints.js";
import type { SqliteContext } from "./sqlite-context.js";

const LIVE_ENDPOINT_SQL = "SELECT 1 FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL";

/** Secret rotation (management API): the current secret moves to `endpoint_previous_secrets`. */
export function sqliteEndpointSecretMethods(context: SqliteContext): EndpointSecretStore {
  const { db, statement } = context;
  const { getEndpoint } = sqliteEndpointMethods(context);

  const rotate = db.transaction((accountId: string, endpointId: string, rotation: SecretRotation) => {
    const current = statement(
      "SELECT sealed_secret FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    ).get(endpointId, accountId) as { sealed_secret: string | null } | undefined;
    if (current === undefined) return undefined;
    statement("DELETE FROM endpoint_previous_secrets WHERE endpoint_id = ? AND expires_at <= ?").run(
      endpointId,
      rotation.now,
    );
    if (current.sealed_secret !== null && rotation.previousExpiresAt > rotation.now) {
      statement(
        "INSERT INTO endpoint_previous_secrets (endpoint_id, sealed_secret, retired_at, expires_at) VALUES (?, ?, ?, ?)",
      ).run(endpointId, current.sealed_secret, rotation.now, Math.round(rotation.previousExpiresAt));
    }
    statement("UPDATE endpoints SET sealed_secret = ?, updated_at = ? WHERE id = ?").run(
      rotation.sealedSecret,
      rotation.now,
      endpointId,
    );
    return true;
  });

  return {
    async rotateEndpointSecret(accountId, endpointId, rotation) {
      if (rotate.immediate(accountId, endpointId, rotation) === undefined) return undefined;
      return getEndpoint(accountId, endpointId);
    },

    async listPreviousSecrets(accountId, endpointId, now) {
      if (statement(LIVE_ENDPOINT_SQL).get(endpointId, accountId) === undefined) return undefined;
      const rows = statement(
        "SELECT sealed_secret, retired_at, expires_at FROM endpoint_previous_secrets " +
          "WHERE endpoint_id = ? AND expires_at > ? ORDER BY retired_at DESC, rowid DESC",
      ).all(endpointId, now) as { sealed_secret: string; retired_at: number; expires_at: number }[];
      return rows.map(
        (row): PreviousSecret => ({
          sealedSecret: row.sealed_secret,
          retiredAt: row.retired_at,
          expiresAt: row.expires_at,
        }),
      );
    },
  };
}
