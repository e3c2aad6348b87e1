import type { AttemptMinuteCount } from "../endpoint-attempt-minutes.js";
import { createMultiRowStatement } from "./multi-row-statement.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * The per-minute attempt counters of `../endpoint-attempt-minutes.ts` on SQLite: each batch adds one row
 * per counter (summed in JS by `attemptMinuteCounts`), an upsert of many rows.
 */
const ADD_ATTEMPT_MINUTES_HEAD =
  "INSERT INTO endpoint_attempt_minutes (endpoint_id, minute, shard, attempts, succeeded) VALUES";
const ADD_ATTEMPT_MINUTES_TAIL = `
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

/** Adds a batch's counts to their counters (call inside the recording transaction). */
export function createAttemptMinutesAdder(
  context: Pick<SqliteContext, "statement">,
): (counts: readonly AttemptMinuteCount[]) => void {
  const add = createMultiRowStatement(
    context,
    ADD_ATTEMPT_MINUTES_HEAD,
    "(?, ?, ?, ?, ?)",
    ADD_ATTEMPT_MINUTES_TAIL,
  );
  return (counts) =>
    add(
      counts.map((count) => [count.endpointId, count.minute, count.shard, count.attempts, count.succeeded]),
    );
}
