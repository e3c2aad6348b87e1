import type { EndpointRecord, EpochMs } from "../../domain/types.js";
import type { EndpointPatch, EndpointStore } from "../port.js";
import { inTransaction, type Queryable } from "./connection.js";
import { recordEnabledSwitch, writeEndpointHealthFields } from "./endpoint-health.js";
import { replaceSigningKey } from "./endpoint-signing-keys.js";
import type { PostgresContext } from "./postgres-context.js";
import { queryFirst, queryRows } from "./query-rows.js";
import { ENDPOINT_COLUMNS, epochMs, toEndpoint } from "./rows.js";

/** Replaces the endpoint's selected event types, keeping their order (a repeated type counts once). */
async function writeEventTypes(
  db: Queryable,
  accountId: string,
  endpointId: string,
  eventTypes: readonly string[],
): Promise<void> {
  await db.query("DELETE FROM endpoint_event_types WHERE endpoint_id = $1", [endpointId]);
  await db.query(
    `INSERT INTO endpoint_event_types (endpoint_id, account_id, event_type, position)
     SELECT $1, $2, t.event_type, t.position FROM unnest($3::text[]) WITH ORDINALITY AS t(event_type, position)
     ON CONFLICT (endpoint_id, event_type) DO NOTHING`,
    [endpointId, accountId, eventTypes],
  );
}

/** Call inside a transaction. */
export async function createEndpoint(db: Queryable, endpoint: EndpointRecord): Promise<void> {
  await db.query(
    `INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at, updated_at,
                            metadata, kind, ordering)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      endpoint.id,
      endpoint.accountId,
      endpoint.url,
      endpoint.description,
      endpoint.enabled,
      endpoint.sealedSecret,
      epochMs(endpoint.createdAt),
      epochMs(endpoint.updatedAt),
      JSON.stringify(endpoint.metadata),
      endpoint.kind ?? "push",
      endpoint.ordering ?? null,
    ],
  );
  if (endpoint.kind === "pull") {
    await db.query("INSERT INTO pull_reads (endpoint_id, last_position, read_position) VALUES ($1, 0, 0)", [
      endpoint.id,
    ]);
  }
  await writeEndpointHealthFields(db, endpoint);
  await writeEventTypes(db, endpoint.accountId, endpoint.id, endpoint.eventTypes);
  if (endpoint.signingKey !== undefined) {
    await replaceSigningKey(db, endpoint.id, endpoint.signingKey, endpoint.createdAt);
  }
}

export async function getEndpoint(
  db: Queryable,
  accountId: string,
  endpointId: string,
): Promise<EndpointRecord | undefined> {
  return queryFirst(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM endpoints e WHERE e.account_id = $1 AND e.id = $2 AND e.deleted_at IS NULL`,
    [accountId, endpointId],
    toEndpoint,
  );
}

export async function listEndpoints(db: Queryable, accountId: string): Promise<EndpointRecord[]> {
  return queryRows(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM endpoints e WHERE e.account_id = $1 AND e.deleted_at IS NULL ORDER BY e.created_at, e.id`,
    [accountId],
    toEndpoint,
  );
}

/** Call inside a transaction. Fields absent from the patch keep their value. */
export async function updateEndpoint(
  db: Queryable,
  accountId: string,
  endpointId: string,
  patch: EndpointPatch,
  now: EpochMs,
): Promise<EndpointRecord | undefined> {
  const result = await db.query(
    `UPDATE endpoints SET
       url = CASE WHEN $3 THEN $4 ELSE url END,
       description = CASE WHEN $5 THEN $6 ELSE description END,
       enabled = CASE WHEN $7 THEN $8::boolean ELSE enabled END,
       sealed_secret = CASE WHEN $9 THEN $10 ELSE sealed_secret END,
       updated_at = $11
     WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [
      accountId,
      endpointId,
      patch.url !== undefined,
      patch.url ?? null,
      patch.description !== undefined,
      patch.description ?? null,
      patch.enabled !== undefined,
      patch.enabled ?? null,
      patch.sealedSecret !== undefined,
      patch.sealedSecret ?? null,
      epochMs(now),
    ],
  );
  if ((result.rowCount ?? 0) === 0) return undefined;
  if (patch.eventTypes !== undefined) await writeEventTypes(db, accountId, endpointId, patch.eventTypes);
  if (patch.enabled !== undefined) await recordEnabledSwitch(db, endpointId, patch.enabled, now);
  if (patch.ordering !== undefined) {
    await db.query("UPDATE endpoints SET ordering = $2 WHERE id = $1", [endpointId, patch.ordering]);
  }
  if (patch.metadata !== undefined) {
    await db.query("UPDATE endpoints SET metadata = $2 WHERE id = $1", [
      endpointId,
      JSON.stringify(patch.metadata),
    ]);
  }
  // A secret set by a patch replaces the current one at once: no previous one keeps signing.
  if (patch.sealedSecret !== undefined) {
    await db.query("DELETE FROM endpoint_previous_secrets WHERE endpoint_id = $1", [endpointId]);
  }
  if (patch.signingKey !== undefined) await replaceSigningKey(db, endpointId, patch.signingKey, now);
  return getEndpoint(db, accountId, endpointId);
}

/**
 * Call inside a transaction. Soft-deletes the endpoint (the delivery log keeps pointing at its row) and
 * drops its subscriptions; its pending deliveries become `failed` and lose their lease, so a worker
 * still holding one cannot move them again. The row lock taken here waits for publishes that are
 * fanning out to this endpoint (they hold it FOR SHARE), so their deliveries are failed too.
 */
export async function deleteEndpoint(
  db: Queryable,
  accountId: string,
  endpointId: string,
  now: EpochMs,
): Promise<boolean> {
  const deleted = await db.query(
    `UPDATE endpoints SET deleted_at = $3, enabled = false, updated_at = $3
     WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [accountId, endpointId, epochMs(now)],
  );
  if ((deleted.rowCount ?? 0) === 0) return false;
  await db.query("DELETE FROM endpoint_event_types WHERE endpoint_id = $1", [endpointId]);
  await db.query(
    `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
       updated_at = $2
     WHERE endpoint_id = $1 AND status = 'pending'`,
    [endpointId, epochMs(now)],
  );
  return true;
}

export function postgresEndpointMethods({ pool, subscriptions }: PostgresContext): EndpointStore {
  // Once committed, this process's publishes read the account's subscriptions afresh.
  const forgetting = async <T>(accountId: string, write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      subscriptions.forget(accountId);
    }
  };
  return {
    createEndpoint: (endpoint) =>
      forgetting(
        endpoint.accountId,
        inTransaction(pool, (tx) => createEndpoint(tx, endpoint)),
      ),
    getEndpoint: (accountId, endpointId) => getEndpoint(pool, accountId, endpointId),
    listEndpoints: (accountId) => listEndpoints(pool, accountId),
    updateEndpoint: (accountId, endpointId, patch, now) =>
      forgetting(
        accountId,
        inTransaction(pool, (tx) => updateEndpoint(tx, accountId, endpointId, patch, now)),
      ),
    deleteEndpoint: (accountId, endpointId, now) =>
      forgetting(
        accountId,
        inTransaction(pool, (tx) => deleteEndpoint(tx, accountId, endpointId, now)),
      ),
  };
}
