/**
 * An event's `candidate_id` is indexed in batches, in a table of its own. Mirrored by
 * `../../postgres/migrations/018-candidates-indexed-in-batches.ts`, which changes nothing.
 *
 * Candidate ids are random (UUIDs), so `events_by_candidate` took each published event's entry at a
 * random place of the index: a page of its own written to the WAL on almost every event, about a third
 * of the pages a publish commit wrote in the bench's service phase and a quarter of batch publishing's
 * CPU. Now:
 * - `event_candidates (candidate_id, event_number)`, a `WITHOUT ROWID` table in that key's order, holds
 *   the events up to `event_candidates_mark.indexed_through`; a publish that leaves enough events above
 *   the mark indexes them all at once, in key order (`../candidate-index.ts`), so one page takes
 *   the entries of many events;
 * - the events above the mark are read from the events themselves (by number, from the mark on);
 * - the account is not in the key: the delivery listing keeps the account's deliveries only, so an id
 *   two accounts share only costs a few more rows read;
 * - an event's entry goes with its event (trigger), and when the events the mark stands on are deleted
 *   the mark comes back to the greatest number left, which the next event's number follows.
 */
export const candidatesIndexedInBatchesSchema = `
CREATE TABLE event_candidates (
  candidate_id TEXT NOT NULL,
  event_number INTEGER NOT NULL,
  PRIMARY KEY (candidate_id, event_number)
) STRICT, WITHOUT ROWID;
CREATE TABLE event_candidates_mark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
) STRICT;
INSERT INTO event_candidates (candidate_id, event_number)
SELECT candidate_id, number FROM events WHERE candidate_id IS NOT NULL ORDER BY candidate_id, number;
INSERT INTO event_candidates_mark (id, indexed_through) SELECT 1, coalesce(max(number), 0) FROM events;
DROP INDEX events_by_candidate;
CREATE TRIGGER event_candidates_follow_deletes AFTER DELETE ON events WHEN old.candidate_id IS NOT NULL
BEGIN
  DELETE FROM event_candidates WHERE candidate_id = old.candidate_id AND event_number = old.number;
END;
CREATE TRIGGER event_candidates_mark_follows_deletes AFTER DELETE ON events
WHEN old.number >= (SELECT indexed_through FROM event_candidates_mark WHERE id = 1)
BEGIN
  UPDATE event_candidates_mark SET indexed_through = (SELECT coalesce(max(number), 0) FROM events)
  WHERE id = 1 AND indexed_through > (SELECT coalesce(max(number), 0) FROM events);
END;
`;
