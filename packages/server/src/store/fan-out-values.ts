/**
 * The values a new delivery starts with, by its endpoint's kind and its ordering key, as SQL both engines
 * read alike: the columns `FAN_OUT_COLUMNS`.
 *
 * A push endpoint's delivery is `pending`, due at once. A pull endpoint's is kept for reading and never
 * attempted: finished (`succeeded`, no next attempt, so no claim takes it and retention removes it
 * like any finished delivery) and not yet placed in the endpoint's read order (`pull_position` 0).
 * A delivery with an ordering key (`orderKey`, NULL when unordered) starts held (no next attempt): the
 * store then lets its key's head through (`domain/order-head.ts`) in the same write.
 * The arguments are column expressions (or literals), some read more than once.
 */
export function fanOutValues(kindColumn: string, at: string, orderKey: string, orderSeq: string): string {
  const pull = `CASE ${kindColumn} WHEN 'pull' THEN`;
  const due = `CASE WHEN ${kindColumn} = 'pull' OR ${orderKey} IS NOT NULL THEN NULL ELSE ${at} END`;
  return `${pull} 'succeeded' ELSE 'pending' END, 0, ${due}, ${at}, ${at}, ${pull} 0 END, ${orderKey}, ${orderSeq}`;
}

/** The columns `fanOutValues` fills, in its order. */
export const FAN_OUT_COLUMNS =
  "status, attempt_count, next_attempt_at, created_at, updated_at, pull_position, order_key, order_seq";
