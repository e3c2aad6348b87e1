/**
 * Three delivery and event indexes without the id at the end of their key. Mirrors
 * `../../postgres/migrations/009-index-keys-without-ids.ts`.
 *
 * An index entry already ends with the row's rowid; a 30-byte id after the key only orders the rows
 * that share it, and none of these queries needs that order:
 *
 * - `deliveries_finished_by_age` and `events_by_age` were `(created_at, id)`: retention deletes every
 *   expired row, in whatever order the rows of one millisecond come, and still reads them oldest first.
 * - `deliveries_by_event` was `(event_id, id)`: an event has one delivery per subscribed endpoint, a
 *   handful that its listing sorts newest first in memory; retention only asks whether one exists.
 *
 * About 60 bytes less per finished delivery and 30 per event, for the same plans (the query-plan tests).
 */
export const indexKeysWithoutIdsSchema = `
DROP INDEX deliveries_finished_by_age;
CREATE INDEX deliveries_finished_by_age ON deliveries (created_at) WHERE status IN ('succeeded', 'failed');
DROP INDEX events_by_age;
CREATE INDEX events_by_age ON events (created_at);
DROP INDEX deliveries_by_event;
CREATE INDEX deliveries_by_event ON deliveries (event_id);
`;
