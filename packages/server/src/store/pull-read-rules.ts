/**
 * What both engines share about reading a pull endpoint (see `PullReadStore`).
 *
 * At most this many newly committed deliveries are placed in read order by one read: enough to fill
 * the largest page, and a bounded write whatever the backlog (the rest are placed by the next reads,
 * still after these).
 */
export const PLACE_PER_READ = 1000;

/** A reader's cursor past the last position given was not given by us: it confirms at most that. */
export function confirmedPosition(afterPosition: number, lastPosition: number): number {
  return Math.max(0, Math.min(Math.floor(afterPosition), lastPosition));
}

/**
 * SQL (both engines) true of a delivery the workers attempt, a push endpoint's. A pull endpoint's
 * delivery always has a `pull_position` (0 until placed, see `fanOutValues`) and is stored `succeeded`
 * only so that no claim takes it: it is kept for reading, never attempted, so the delivery statistics
 * leave it out instead of counting it a success; the pull backlog (`getPullBacklog`) counts it instead.
 */
export const ATTEMPTED_DELIVERY_SQL = "pull_position IS NULL";
