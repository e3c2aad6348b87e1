import { STRANDED_KEYS_SQL } from "../ordered-delivery-sql.js";
import type { ClaimedDelivery, ClaimInput, DeliveryQueueStore } from "../port.js";
import { type ClaimedRowBase, toClaimedDelivery } from "../record-mapping.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { createAttemptRecorder } from "./attempt-recording.js";
import { selectClaimableIdsWithCircuits } from "./endpoint-circuit.js";
import { settleOrderedKeys } from "./order-heads.js";
import type { SqliteContext } from "./sqlite-context.js";

/** One statement leases the batch chosen by `selectClaimableIds` (see claim-selection.ts). */
const LEASE_IDS_SQL = `
UPDATE deliveries SET lease_owner = @workerId, lease_expires_at = @leaseExpiresAt
WHERE id IN (SELECT value FROM json_each(@ids))`;

/** A second one reads what the worker needs for the leased ids, bodies included. */
const READ_CLAIMED_SQL = `
SELECT d.id, d.account_id, d.endpoint_id, d.event_id, d.event_type, d.attempt_count, d.retry_budget_start,
       e.url, e.sealed_secret, ev.body,
       (SELECT json_group_array(p.sealed_secret ORDER BY p.retired_at DESC) FROM endpoint_previous_secrets p
        WHERE p.endpoint_id = d.endpoint_id AND p.expires_at > @now) AS previous_secrets,
       (SELECT json_group_array(k.sealed_private_key ${ACTIVE_SIGNING_KEYS_ORDER})
        ${activeSigningKeysWhere("d.endpoint_id", "@now")}) AS signing_keys
FROM deliveries d
JOIN endpoints e ON e.id = d.endpoint_id
JOIN events ev ON ev.id = d.event_id
WHERE d.id IN (SELECT value FROM json_each(@ids))
ORDER BY d.next_attempt_at, d.id`;

/** Gives back claims one by one: only the holder's, only while pending. */
const RELEASE_CLAIMS_SQL = `
UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
WHERE id IN (SELECT value FROM json_each(@ids)) AND lease_owner = @workerId AND status = 'pending'`;

/**
 * Gives back the leases of one worker (`@workerId`, as it stops) or of every worker (null, at start-up).
 * A lease is only ever held on a pending delivery, so `status = 'pending'` changes nothing but lets the
 * partial index `deliveries_due` bound the scan to the queue instead of the whole history.
 */
export const RELEASE_LEASES_SQL = `
UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
WHERE status = 'pending' AND lease_owner IS NOT NULL AND (@workerId IS NULL OR lease_owner = @workerId)`;

interface ClaimedRow extends ClaimedRowBase {
  /** A JSON array of the previous secrets still active, newest first. */
  previous_secrets: string;
  /** A JSON array of the sealed signing keys still active, current first. */
  signing_keys: string;
  body: Buffer;
}

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return toClaimedDelivery(
    row,
    JSON.parse(row.previous_secrets) as string[],
    row.body,
    JSON.parse(row.signing_keys) as string[],
  );
}

export function sqliteDeliveryQueueMethods(context: SqliteContext): DeliveryQueueStore {
  const { db, statement } = context;
  const claim = db.transaction((input: ClaimInput): ClaimedDelivery[] => {
    const ids = selectClaimableIdsWithCircuits(context, input);
    if (ids.length === 0) return [];
    statement(LEASE_IDS_SQL).run({
      workerId: input.workerId,
      leaseExpiresAt: Math.round(input.now + input.leaseMs),
      ids: JSON.stringify(ids),
    });
    const rows = statement(READ_CLAIMED_SQL).all({
      ids: JSON.stringify(ids),
      now: input.now,
    }) as ClaimedRow[];
    return rows.map(toClaimed);
  });

  const record = db.transaction(createAttemptRecorder(context));

  return {
    async claimDueDeliveries(input) {
      if (input.limit <= 0) return [];
      return claim.immediate(input);
    },
    async recordAttemptResults(results) {
      return results.length > 0 ? record.immediate(results) : { missingDeliveryIds: [] };
    },
    async releaseLeases(workerId) {
      statement(RELEASE_LEASES_SQL).run({ workerId });
    },
    async releaseClaims(workerId, deliveryIds) {
      if (deliveryIds.length === 0) return;
      statement(RELEASE_CLAIMS_SQL).run({ workerId, ids: JSON.stringify(deliveryIds) });
    },

    async releaseAllLeases() {
      statement(RELEASE_LEASES_SQL).run({ workerId: null });
    },
    async releaseStrandedOrderedKeys(now, limit) {
      return db
        .transaction(() => {
          const rows = statement(`${STRANDED_KEYS_SQL} LIMIT ?`).all(Math.max(0, Math.floor(limit))) as {
            endpoint_id: string;
            order_key: string;
          }[];
          settleOrderedKeys(
            context,
            rows.map((row) => ({ endpointId: row.endpoint_id, orderKey: row.order_key })),
            now,
          );
          return rows.length;
        })
        .immediate();
    },
    async nextDueAt() {
      const earliest = statement("SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'")
        .pluck()
        .get() as number | null;
      return earliest ?? undefined;
    },
  };
}
