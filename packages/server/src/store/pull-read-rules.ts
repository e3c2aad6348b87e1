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
