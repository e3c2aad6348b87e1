import type { EndpointRecord } from "../../domain/types.js";
import type { EndpointPatch, EndpointStore } from "../port.js";
import { currentSigningKeyColumns } from "../signing-key-columns.js";
import { CIRCUIT_COLUMN } from "./endpoint-circuit.js";
import { recordEnabledSwitch, writeEndpointHealthFields } from "./endpoint-health.js";
import { replaceSigningKey } from "./endpoint-signing-keys.js";
import { type EndpointRow, toEndpoint } from "./rows.js";
import type { SqliteContext } from "./sqlite-context.js";

const ENDPOINT_COLUMNS =
  "id, account_id, kind, url, description, metadata, enabled, sealed_secret, created_at, updated_at" +
  ", failing_since, last_success_at, last_failure_at, disabled_reason, disabled_at, ordering" +
  `, ${CIRCUIT_COLUMN}, ${currentSigningKeyColumns("endpoints.id")}`;

/**
 * Endpoints and their subscriptions (the `endpoint_event_types` join table, in the order given).
 * A deleted endpoint keeps its row (`deleted_at`) for the delivery log but is invisible here.
 */
export function sqliteEndpointMethods({ db, statement }: SqliteContext): EndpointStore {
  const replaceEventTypes = (endpoint: { id: string; accountId: string }, eventTypes: readonly string[]) => {
    statement("DELETE FROM endpoint_event_types WHERE endpoint_id = ?").run(endpoint.id);
    const insert = statement(
      "INSERT OR IGNORE INTO endpoint_event_types (endpoint_id, account_id, event_type, position) VALUES (?, ?, ?, ?)",
    );
    eventTypes.forEach((type, position) => {
      insert.run(endpoint.id, endpoint.accountId, type, position);
    });
  };

  const readEventTypes = (endpointId: string): string[] =>
    statement("SELECT event_type FROM endpoint_event_types WHERE endpoint_id = ? ORDER BY position")
      .pluck()
      .all(endpointId) as string[];

  const readEndpoint = (accountId: string, endpointId: string): EndpointRecord | undefined => {
    const row = statement(
      `SELECT ${ENDPOINT_COLUMNS} FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL`,
    ).get(endpointId, accountId) as EndpointRow | undefined;
    return row === undefined ? undefined : toEndpoint(row, readEventTypes(row.id));
  };

  const createEndpoint = db.transaction((endpoint: EndpointRecord) => {
    statement(
      "INSERT INTO endpoints (id, account_id, kind, url, description, metadata, enabled, sealed_secret, created_at, " +
        "updated_at, ordering) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      endpoint.id,
      endpoint.accountId,
      endpoint.kind ?? "push",
      endpoint.url,
      endpoint.description,
      JSON.stringify(endpoint.metadata),
      endpoint.enabled ? 1 : 0,
      endpoint.sealedSecret,
      endpoint.createdAt,
      endpoint.updatedAt,
      endpoint.ordering ?? null,
    );
    writeEndpointHealthFields({ db, statement }, endpoint);
    if (endpoint.kind === "pull") {
      statement("INSERT INTO pull_reads (endpoint_id, last_position, read_position) VALUES (?, 0, 0)").run(
        endpoint.id,
      );
    }
    replaceEventTypes(endpoint, endpoint.eventTypes);
    if (endpoint.signingKey !== undefined) {
      replaceSigningKey({ statement }, endpoint.id, endpoint.signingKey, endpoint.createdAt);
    }
  });

  const updateEndpoint = db.transaction(
    (accountId: string, endpointId: string, patch: EndpointPatch, now: number) => {
      const current = readEndpoint(accountId, endpointId);
      if (current === undefined) return undefined;
      statement(
        "UPDATE endpoints SET url = ?, description = ?, metadata = ?, enabled = ?, sealed_secret = ?, ordering = ?, " +
          "updated_at = ? WHERE id = ?",
      ).run(
        patch.url ?? current.url,
        patch.description ?? current.description,
        JSON.stringify(patch.metadata ?? current.metadata),
        (patch.enabled ?? current.enabled) ? 1 : 0,
        patch.sealedSecret === undefined ? current.sealedSecret : patch.sealedSecret,
        patch.ordering === undefined ? (current.ordering ?? null) : patch.ordering,
        now,
        endpointId,
      );
      if (patch.eventTypes !== undefined) replaceEventTypes(current, patch.eventTypes);
      if (patch.enabled !== undefined && patch.enabled !== current.enabled) {
        recordEnabledSwitch({ db, statement }, endpointId, patch.enabled, now);
      }
      // A secret set by a patch replaces the current one at once: no previous one keeps signing.
      if (patch.sealedSecret !== undefined) {
        statement("DELETE FROM endpoint_previous_secrets WHERE endpoint_id = ?").run(endpointId);
      }
      if (patch.signingKey !== undefined) replaceSigningKey({ statement }, endpointId, patch.signingKey, now);
      return readEndpoint(accountId, endpointId);
    },
  );

  const deleteEndpoint = db.transaction((accountId: string, endpointId: string, now: number) => {
    const deleted = statement(
      "UPDATE endpoints SET deleted_at = ?, enabled = 0, updated_at = ? " +
        "WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    ).run(now, now, endpointId, accountId);
    if (deleted.changes === 0) return false;
    statement("DELETE FROM endpoint_event_types WHERE endpoint_id = ?").run(endpointId);
    statement(
      "UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, lease_owner = NULL, " +
        "lease_expires_at = NULL, updated_at = ? WHERE endpoint_id = ? AND status = 'pending'",
    ).run(now, endpointId);
    return true;
  });

  return {
    async createEndpoint(endpoint) {
      createEndpoint.immediate(endpoint);
    },
    async getEndpoint(accountId, endpointId) {
      return readEndpoint(accountId, endpointId);
    },
    async listEndpoints(accountId) {
      const rows = statement(
        `SELECT ${ENDPOINT_COLUMNS} FROM endpoints WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
      ).all(accountId) as EndpointRow[];
      return rows.map((row) => toEndpoint(row, readEventTypes(row.id)));
    },
    async updateEndpoint(accountId, endpointId, patch, now) {
      return updateEndpoint.immediate(accountId, endpointId, patch, now);
    },
    async deleteEndpoint(accountId, endpointId, now) {
      return deleteEndpoint.immediate(accountId, endpointId, now);
    },
  };
}
