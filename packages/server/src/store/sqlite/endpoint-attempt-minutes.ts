import type { AttemptMinuteRow } from "../endpoint-attempt-minutes.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * The per-minute attempt counters of `../endpoint-attempt-minutes.ts` on SQLite. `@rows` is a JSON array
 * of [deliveryId, minute, shard, succeeded (0/1)]; the delivery gives the endpoint and the Tester flag. (The
 * `WHERE true` lets SQLite parse the upsert after a SELECT with a join.)
 */
const ADD_ATTEMPT_MINUTES_SQL = `
INSERT INTO endpoint_attempt_minutes (endpoint_id, minute, shard, attempts, succeeded)
SELECT d.endpoint_id, r.value ->> 1, r.value ->> 2, COUNT(*), SUM(r.value ->> 3)
FROM json_each(@rows) r JOIN deliveries d ON d.id = r.value ->> 0
WHERE d.test = 0
GROUP BY 1, 2, 3
ON CONFLICT (endpoint_id, minute, shard) DO UPDATE SET
  attempts = attempts + excluded.attempts, succeeded = succeeded + excluded.succeeded`;

/** An endpoint's attempts, and the 2xx among them, in the minutes from `@minute` on. */
export const COUNT_ATTEMPT_MINUTES_SQL = `
SELECT COALESCE(SUM(attempts), 0) AS attempts, COALESCE(SUM(succeeded), 0) AS succeeded
FROM endpoint_attempt_minutes WHERE endpoint_id = @endpointId AND minute >= @minute`;

/**
 * Counters of minutes before `@minute`, at most `@limit` rows (retention). One seek per endpoint on the
 * primary key, so the counters still kept are not read.
 */
export const DELETE_ATTEMPT_MINUTES_SQL = `
DELETE FROM endpoint_attempt_minutes WHERE (endpoint_id, minute, shard) IN (
  SELECT m.endpoint_id, m.minute, m.shard FROM endpoints e JOIN endpoint_attempt_minutes m
    ON m.endpoint_id = e.id AND m.minute < @minute
  LIMIT @limit
)`;

/** Adds recorded attempts to their endpoints' counters (call inside the recording transaction). */
export function addAttemptMinutes({ statement }: SqliteContext, rows: readonly AttemptMinuteRow[]): void {
  if (rows.length === 0) return;
  const values = rows.map((row) => [row.deliveryId, row.minute, row.shard, row.succeeded ? 1 : 0]);
  statement(ADD_ATTEMPT_MINUTES_SQL).run({ rows: JSON.stringify(values) });
}
