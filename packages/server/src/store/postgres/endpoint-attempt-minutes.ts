import type { AttemptMinuteRow } from "../endpoint-attempt-minutes.js";
import type { Queryable } from "./connection.js";

/**
 * The per-minute attempt counters of `../endpoint-attempt-minutes.ts` on PostgreSQL, as a CTE of the
 * one recording statement (parameters `$first` .. `$first + 3`: delivery ids, minutes, shards, 2xx flags). The
 * delivery gives the endpoint and the Tester flag; a delivery retention removed meanwhile joins nothing.
 * Rows are upserted in key order, so concurrent recorders lock shared counters in the same order. Only
 * the deliveries whose attempts `recordedCte` (the statement's attempt INSERT) answers are counted: an
 * attempt already recorded, by a first call whose answer was lost, is not counted twice.
 */
export function attemptMinutesCte(first: number, recordedCte: string): string {
  return `minutes_added AS (
       INSERT INTO endpoint_attempt_minutes (endpoint_id, minute, shard, attempts, succeeded)
       SELECT d.endpoint_id, m.minute, m.shard, count(*), count(*) FILTER (WHERE m.succeeded)
       FROM unnest($${first}::text[], $${first + 1}::bigint[], $${first + 2}::smallint[], $${first + 3}::boolean[])
         AS m(delivery_id, minute, shard, succeeded)
       JOIN deliveries d ON d.id = m.delivery_id
       WHERE NOT d.test AND m.delivery_id IN (SELECT delivery_id FROM ${recordedCte})
       GROUP BY 1, 2, 3
       ORDER BY 1, 2, 3
       ON CONFLICT (endpoint_id, minute, shard) DO UPDATE SET
         attempts = endpoint_attempt_minutes.attempts + excluded.attempts,
         succeeded = endpoint_attempt_minutes.succeeded + excluded.succeeded
     )`;
}

/** The four parameter arrays `attemptMinutesCte` reads. */
export function attemptMinutesParams(rows: readonly AttemptMinuteRow[]): unknown[] {
  return [
    rows.map((r) => r.deliveryId),
    rows.map((r) => r.minute),
    rows.map((r) => r.shard),
    rows.map((r) => r.succeeded),
  ];
}

/** An endpoint's attempts, and the 2xx among them, in the minutes from `minute` on. */
export async function countAttemptMinutes(
  db: Queryable,
  endpointId: string,
  minute: number,
): Promise<{ attempts: number; succeeded: number }> {
  const result = await db.query<{ attempts: number; succeeded: number }>(
    `SELECT COALESCE(sum(attempts), 0)::integer AS attempts, COALESCE(sum(succeeded), 0)::integer AS succeeded
     FROM endpoint_attempt_minutes WHERE endpoint_id = $1 AND minute >= $2`,
    [endpointId, minute],
  );
  return result.rows[0] ?? { attempts: 0, succeeded: 0 };
}

/**
 * Retention: counters of minutes before `minute`, at most `limit` rows, one seek per endpoint on the
 * primary key so the counters still kept are not read. Answers how many went.
 */
export async function deleteAttemptMinutes(db: Queryable, minute: number, limit: number): Promise<number> {
  const result = await db.query(
    `DELETE FROM endpoint_attempt_minutes WHERE (endpoint_id, minute, shard) IN (
       SELECT m.endpoint_id, m.minute, m.shard FROM endpoints e JOIN endpoint_attempt_minutes m
         ON m.endpoint_id = e.id AND m.minute < $1
       LIMIT $2)`,
    [minute, limit],
  );
  return result.rowCount ?? 0;
}
