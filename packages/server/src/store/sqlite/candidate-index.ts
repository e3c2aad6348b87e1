import type { SqliteContext } from "./sqlite-context.js";

/**
 * How many events may wait above the mark before a publish indexes their candidate ids (migration 018):
 * the more, the fewer index pages each one costs, and the more rows a listing by candidate reads from
 * the events themselves (at most this many and a publish's own, by number: a few milliseconds).
 */
export const CANDIDATE_INDEX_BATCH_EVENTS = 8192;
/** A publish indexes at most this many batches at once, so a long lag (a bulk import) is caught up in steps. */
const BATCHES_PER_PUBLISH = 4;

/** Where the index stands: events numbered above it are not in `event_candidates` yet. */
const MARK_SQL = "SELECT coalesce((SELECT indexed_through FROM event_candidates_mark WHERE id = 1), 0)";

const INDEX_SQL = `
INSERT OR IGNORE INTO event_candidates (candidate_id, event_number)
SELECT candidate_id, number FROM events
WHERE number > @after AND number <= @through AND candidate_id IS NOT NULL
ORDER BY candidate_id, number`;

const MOVE_MARK_SQL = `
INSERT INTO event_candidates_mark (id, indexed_through) VALUES (1, @through)
ON CONFLICT (id) DO UPDATE SET indexed_through = excluded.indexed_through`;

/** The numbers of the events whose `candidate_id` is `param`: those indexed, then those above the mark. */
export function eventsOfCandidateSql(param: string): string {
  return `SELECT event_number FROM event_candidates WHERE candidate_id = ${param}
    UNION ALL SELECT number FROM events WHERE number > (${MARK_SQL}) AND candidate_id = ${param}`;
}

function indexBetween(statement: SqliteContext["statement"], after: number, through: number): void {
  statement(INDEX_SQL).run({ after, through });
  statement(MOVE_MARK_SQL).run({ through });
}

/** Indexes the events numbered above the mark up to `through`, and moves the mark there (in a transaction). */
export function indexCandidatesThrough(
  { statement }: Pick<SqliteContext, "statement">,
  through: number,
): void {
  const after = statement(MARK_SQL).pluck().get() as number;
  if (through > after) indexBetween(statement, after, through);
}

/**
 * Called in a publish's transaction with the greatest event number it wrote: once `batchEvents` events
 * are above the mark, indexes them and moves the mark past them. Events written without a publish (the
 * Tester's) are indexed with the next batch.
 */
export function createCandidateIndexer(
  { statement }: Pick<SqliteContext, "statement">,
  batchEvents = CANDIDATE_INDEX_BATCH_EVENTS,
): (lastEventNumber: number) => void {
  return (lastEventNumber) => {
    const after = statement(MARK_SQL).pluck().get() as number;
    if (lastEventNumber - after < batchEvents) return;
    indexBetween(statement, after, Math.min(lastEventNumber, after + BATCHES_PER_PUBLISH * batchEvents));
  };
}
