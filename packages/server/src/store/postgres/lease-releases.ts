import type { EpochMs } from "../../domain/types.js";
import type { Queryable } from "./connection.js";
import { notifyChannel } from "./notify-channel.js";

/** Gives back the leases of `workerId` (or of everyone) and wakes other workers: that work is due again. */
export async function releaseLeases(
  db: Queryable,
  workerId: string | null,
  wakePayload: string,
): Promise<void> {
  await db.query(
    `WITH released AS (
       UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'pending' AND lease_owner IS NOT NULL AND ($1::text IS NULL OR lease_owner = $1)
       RETURNING 1
     )
     SELECT pg_notify($2, $3) WHERE EXISTS (SELECT 1 FROM released)`,
    [workerId, notifyChannel, wakePayload],
  );
}

export async function releaseClaims(
  db: Queryable,
  workerId: string,
  deliveryIds: readonly string[],
  wakePayload: string,
): Promise<void> {
  if (deliveryIds.length === 0) return;
  // Released work is due at once: other workers are woken to take it, like after `releaseLeases`.
  await db.query(
    `WITH released AS (
       UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ANY ($2::text[]) AND lease_owner = $1 AND status = 'pending'
       RETURNING 1
     )
     SELECT pg_notify($3, $4) WHERE EXISTS (SELECT 1 FROM released)`,
    [workerId, deliveryIds, notifyChannel, wakePayload],
  );
}

export async function nextDueAt(db: Queryable): Promise<EpochMs | undefined> {
  const result = await db.query<{ next: number | null }>(
    "SELECT min(next_attempt_at) AS next FROM deliveries WHERE status = 'pending'",
  );
  return result.rows[0]?.next ?? undefined;
}
