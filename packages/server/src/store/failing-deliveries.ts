/**
 * A delivery is failing when it is pending after a failed attempt (it will be retried, or waits for its
 * endpoint's circuit): for monitoring it counts with the failed ones, not with the successes to come.
 * The same SQL on both engines (the columns are the same). Only a 2xx answer is a success; an attempt
 * without an answer (timeout, connection error) has no status code.
 */
export const FAILING_PENDING_SQL =
  "(status = 'pending' AND attempt_count > 0 AND (last_status_code IS NULL OR last_status_code NOT BETWEEN 200 AND 299))";

/** Failed, or failing (see above): what "the failures" of an account are. */
export const FAILED_OR_FAILING_SQL = `(status = 'failed' OR ${FAILING_PENDING_SQL})`;

/** The status a delivery is counted under by the delivery series: `failing` apart from `pending`. */
export const SERIES_STATUS_SQL = `CASE WHEN ${FAILING_PENDING_SQL} THEN 'failing' ELSE status END`;
