/**
 * Retention's two age indexes keyed by time alone. Mirrors
 * `../../postgres/migrations/009-age-indexes-by-time-alone.ts`.
 *
 * `deliveries_finished_by_age` and `events_by_age` were `(created_at, id)`: the id (30 bytes) only broke
 * ties between rows created in the same millisecond, an order retention does not need (it deletes every
 * expired row, in whatever order rows of one millisecond come). An index entry already ends with the
 * row's rowid, which is that tie-break for free, so `(created_at)` serves the same scans, oldest first,
 * for about 30 bytes less per finished delivery and per event.
 */
export const ageIndexesByTimeAloneSchema = `
DROP INDEX deliveries_finished_by_age;
CREATE INDEX deliveries_finished_by_age ON deliveries (created_at) WHERE status IN ('succeeded', 'failed');
DROP INDEX events_by_age;
CREATE INDEX events_by_age ON events (created_at);
`;
