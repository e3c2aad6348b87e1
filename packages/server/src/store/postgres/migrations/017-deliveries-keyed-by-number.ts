/**
 * Nothing on PostgreSQL: `../../sqlite/migrations/017-deliveries-keyed-by-number.ts` keys the embedded
 * store's deliveries by a number from which their public id follows. PostgreSQL keeps its text ids and
 * the account column; the copy between engines spells both out.
 */
export const deliveriesKeyedByNumberSchema = "SELECT 1;";
