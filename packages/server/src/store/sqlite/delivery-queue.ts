import {
  type ClaimedRowBase,
  type ClaimTarget,
  claimedDelivery,
  sealedSecretsOf,
} from "../claimed-delivery-mapping.js";
import { strandedKeysSql } from "../ordered-delivery-sql.js";
import type { ClaimedDelivery, ClaimInput, DeliveryQueueStore } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { createAttemptRecorder } from "./attempt-recording.js";
import { DELIVERIES_NAMED, namedByIds } from "./delivery-numbers.js";
import { selectClaimableIdsWithCircuits } from "./endpoint-circuit.js";
import { createLeaseOwners } from "./lease-owners.js";
import { headsByIndexName, settleOrderedKeys } from "./order-heads.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * One statement leases the batch chosen by `selectClaimableIds` (see claim-selection.ts) and answers the
 * leased deliveries' own columns; what they share is read once per endpoint and once per event, not once
 * per delivery (a fan-out of 4 reads each body once, not 4 times).
 */
export const LEASE_IDS_SQL = `
UPDATE deliveries SET lease_owner = @owner, lease_expires_at = @leaseExpiresAt
WHERE id IN (SELECT value FROM json_each(@ids))
RETURNING id AS number, public_id AS id, endpoint_id, event_number, attempt_count, retry_budget_start, next_attempt_at`;

/** The endpoints' URLs and secrets: previous secrets and signing keys still active at `@now`. */
const READ_TARGETS_SQL = `
SELECT e.id, e.account_id, e.url, e.sealed_secret,
       (SELECT json_group_array(p.sealed_secret ORDER BY p.retired_at DESC) FROM endpoint_previous_secrets p
        WHERE p.endpoint_id = e.id AND p.expires_at > @now) AS previous_secrets,
       (SELECT json_group_array(k.sealed_private_key ${ACTIVE_SIGNING_KEYS_ORDER})
        ${activeSigningKeysWhere("e.id", "@now")}) AS signing_keys
FROM endpoints e WHERE e.id IN (SELECT value FROM json_each(@endpointIds))`;

/** The events' ids, types and bodies (the exact bytes to send), by number. */
const READ_EVENTS_SQL =
  "SELECT number, id, type, body FROM events WHERE number IN (SELECT value FROM json_each(?))";

/** Gives back claims one by one: only the holder's, only while pending. */
const RELEASE_CLAIMS_SQL = `
UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
WHERE ${DELIVERIES_NAMED} AND lease_owner = @owner AND status = 'pending'`;

/**
 * Gives back the leases of one worker (`@owner`, its number, as it stops) or of every worker (null, at
 * start-up).
 * A lease is only ever held on a pending delivery, so `status = 'pending'` changes nothing but lets the
 * partial index `deliveries_due` bound the scan to the queue instead of the whole history.
 */
export const RELEASE_LEASES_SQL = `
UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
WHERE status = 'pending' AND lease_owner IS NOT NULL AND (@owner IS NULL OR lease_owner = @owner)`;

/** A leased delivery's own columns: its type is its event's and its account its endpoint's (016, 017). */
type LeasedRow = Omit<ClaimedRowBase, "url" | "sealed_secret" | "event_type" | "account_id" | "event_id"> & {
  number: number;
  event_number: number;
  next_attempt_at: number;
};

interface TargetRow {
  id: string;
  account_id: string;
  url: string;
  sealed_secret: string | null;
  /** A JSON array of the previous secrets still active, newest first. */
  previous_secrets: string;
  /** A JSON array of the sealed signing keys still active, current first. */
  signing_keys: string;
}

/** Claims go out oldest due first, as `deliveries_due` orders them. */
function dueOrder(a: LeasedRow, b: LeasedRow): number {
  return a.next_attempt_at - b.next_attempt_at || a.number - b.number;
}

export function sqliteDeliveryQueueMethods(context: SqliteContext): DeliveryQueueStore {
  const { db, statement } = context;
  const owners = createLeaseOwners(context);
  const claim = db.transaction((input: ClaimInput): ClaimedDelivery[] => {
    const ids = selectClaimableIdsWithCircuits(context, input);
    if (ids.length === 0) return [];
    const leased = statement(LEASE_IDS_SQL).all({
      owner: owners.numberOf(input.workerId),
      leaseExpiresAt: Math.round(input.now + input.leaseMs),
      ids: JSON.stringify(ids),
    }) as LeasedRow[];
    const targets = new Map<string, ClaimTarget>();
    const endpointIds = [...new Set(leased.map((row) => row.endpoint_id))];
    for (const row of statement(READ_TARGETS_SQL).all({
      endpointIds: JSON.stringify(endpointIds),
      now: input.now,
    }) as TargetRow[]) {
      targets.set(row.id, {
        accountId: row.account_id,
        url: row.url,
        sealedSecrets: sealedSecretsOf(row.sealed_secret, JSON.parse(row.previous_secrets) as string[]),
        sealedSigningKeys: JSON.parse(row.signing_keys) as string[],
      });
    }
    const eventNumbers = [...new Set(leased.map((row) => row.event_number))];
    const events = new Map(
      (
        statement(READ_EVENTS_SQL).all(JSON.stringify(eventNumbers)) as {
          number: number;
          id: string;
          type: string;
          body: Buffer;
        }[]
      ).map((row) => [row.number, row]),
    );
    const claimed: ClaimedDelivery[] = [];
    for (const row of leased.sort(dueOrder)) {
      const target = targets.get(row.endpoint_id);
      const event = events.get(row.event_number);
      // Foreign keys keep both; a delivery without them could not be sent anyway.
      if (target === undefined || event === undefined) continue;
      claimed.push(claimedDelivery(row, target, event));
    }
    return claimed;
  });

  const record = db.transaction(createAttemptRecorder(context, owners));

  return {
    async claimDueDeliveries(input) {
      if (input.limit <= 0) return [];
      return claim.immediate(input);
    },
    async recordAttemptResults(results) {
      return results.length > 0 ? record.immediate(results) : { missingDeliveryIds: [] };
    },
    async releaseLeases(workerId) {
      const owner = owners.knownNumberOf(workerId);
      if (owner !== null) statement(RELEASE_LEASES_SQL).run({ owner });
    },
    async releaseClaims(workerId, deliveryIds) {
      const owner = owners.knownNumberOf(workerId);
      if (deliveryIds.length === 0 || owner === null) return;
      statement(RELEASE_CLAIMS_SQL).run({ owner, ...namedByIds(deliveryIds) });
    },

    async releaseAllLeases() {
      db.transaction(() => {
        statement(RELEASE_LEASES_SQL).run({ owner: null });
        owners.forgetAll();
      }).immediate();
    },
    async releaseStrandedOrderedKeys(now, limit) {
      return db
        .transaction(() => {
          const rows = statement(`${strandedKeysSql(headsByIndexName)} LIMIT ?`).all(
            Math.max(0, Math.floor(limit)),
          ) as {
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
