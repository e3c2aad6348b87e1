/**
 * Leases that do not grow the row they are taken on. Mirrored by
 * `../../postgres/migrations/014-lease-owners.ts`, which changes nothing.
 *
 * A claim wrote its worker's id (`host:pid:hex`, about 25 characters) and an expiry into rows the
 * publish had packed into full pages: each page overflowed and split in two, and the deliveries table
 * ended a fifth empty (48 bytes per finished delivery, bench storage phase). Now `lease_owner` holds the
 * worker's number in `lease_owners` (a character or two), and the publish writes a `lease_expires_at`
 * long past that takes 8 bytes, so the claim's expiry (6 bytes) and number take no more room than what
 * they replace. Leases of a process that ran the older version are given back here, as at every start-up.
 */
export const leaseOwnersSchema = `
CREATE TABLE lease_owners (
  id INTEGER PRIMARY KEY,
  worker_id TEXT NOT NULL UNIQUE
) STRICT;
UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL WHERE status = 'pending' AND lease_owner IS NOT NULL;
`;
