/**
 * Nothing on PostgreSQL yet: `../../sqlite/migrations/016-deliveries-without-event-type.ts` stops copying
 * the event's type into every delivery on the embedded store. PostgreSQL keeps the column for now; the
 * copy between engines fills it from the event.
 */
export const deliveriesWithoutEventTypeSchema = "SELECT 1;";
