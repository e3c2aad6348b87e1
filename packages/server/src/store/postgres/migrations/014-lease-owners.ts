/**
 * Nothing on PostgreSQL: `../../sqlite/migrations/014-lease-owners.ts` packs the embedded store's leases
 * into the room its rows were written with; PostgreSQL writes a new row version for every update anyway,
 * so the worker's id stays in `lease_owner` as it is.
 */
export const leaseOwnersSchema = "SELECT 1;";
