/**
 * Index keys without the id at their end, mirroring `../../sqlite/migrations/009-index-keys-without-ids.ts`.
 * Here `deliveries_by_event` has been `(event_id)` since the first schema; the two age indexes follow.
 *
 * `deliveries_finished_by_age` and `events_by_age` were `(created_at, id)`: the id only broke ties
 * between rows created in the same millisecond, an order retention does not need (it deletes every
 * expired row; `FOR UPDATE SKIP LOCKED` takes them in whatever order rows of one millisecond come).
 * `(created_at)` serves the same scans, oldest first, with an 8-byte key instead of about 40.
 *
 * An index already keyed that way is kept: on a large database, build it beforehand without blocking
 * writes (docs/operations.md), and this migration then has nothing to rebuild.
 */
export const indexKeysWithoutIdsSchema = `
DO $$
BEGIN
  IF coalesce(pg_get_indexdef(to_regclass('deliveries_finished_by_age')), '') NOT LIKE '%btree (created_at) WHERE%' THEN
    DROP INDEX IF EXISTS deliveries_finished_by_age;
    CREATE INDEX deliveries_finished_by_age ON deliveries (created_at) WHERE status IN ('succeeded', 'failed');
  END IF;
  IF coalesce(pg_get_indexdef(to_regclass('events_by_age')), '') NOT LIKE '%btree (created_at)' THEN
    DROP INDEX IF EXISTS events_by_age;
    CREATE INDEX events_by_age ON events (created_at);
  END IF;
END $$;
`;
