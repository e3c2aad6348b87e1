/**
 * A delivery no longer copies its event's type. Mirrored by
 * `../../postgres/migrations/016-deliveries-without-event-type.ts`, which changes nothing.
 *
 * `deliveries.event_type` repeated `events.type` in every delivery row (18 of the 205 bytes a finished
 * delivery's row took in the bench's storage phase). Reads take it from the event, found by its primary
 * key, and the claim with the event's body. No index or constraint names the column, so SQLite drops it
 * in place. (`account_id`, the
 * endpoint's, is a copy too, but a foreign key names it: dropping it means rebuilding the table.)
 */
export const deliveriesWithoutEventTypeSchema = `
ALTER TABLE deliveries DROP COLUMN event_type;
`;
