/**
 * Nothing on PostgreSQL: `../../sqlite/migrations/018-candidates-indexed-in-batches.ts` indexes the
 * embedded store's candidate ids in batches, to spare the WAL a random page per event. PostgreSQL keeps
 * `events_by_candidate`.
 */
export const candidatesIndexedInBatchesSchema = "SELECT 1;";
