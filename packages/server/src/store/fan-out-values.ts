/**
 * The values a new delivery starts with, by its endpoint's kind, as SQL both engines read alike: the
 * columns `status, attempt_count, next_attempt_at, created_at, updated_at, pull_position`.
 *
 * A push endpoint's delivery is `pending`, due at once. A pull endpoint's is kept for reading and never
 * attempted: finished (`succeeded`, no next attempt, so no claim takes it and retention removes it
 * like any finished delivery) and not yet placed in the endpoint's read order (`pull_position` 0).
 */
export function fanOutValues(kindColumn: string, at: string): string {
  const pull = `CASE ${kindColumn} WHEN 'pull' THEN`;
  return `${pull} 'succeeded' ELSE 'pending' END, 0, ${pull} NULL ELSE ${at} END, ${at}, ${at}, ${pull} 0 END`;
}

/** The columns `fanOutValues` fills, in its order. */
export const FAN_OUT_COLUMNS =
  "status, attempt_count, next_attempt_at, created_at, updated_at, pull_position";
