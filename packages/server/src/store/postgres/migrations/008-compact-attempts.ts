/**
 * Attempts that keep what cannot be derived, once. Mirrors `../../sqlite/migrations/008-compact-attempts.ts`.
 *
 * - The request headers of an attempt follow from its delivery (event id and type, test flag) and
 *   itself (number, start time), but two facts: `request_signed` (the endpoint had a secret) and
 *   `user_agent` (the version that sent it); `domain/recorded-request-headers.ts` rebuilds them.
 *   `request_headers` keeps only headers that do not rebuild exactly: those of every attempt recorded
 *   before this migration (carried over as they were) and none made since.
 * - The primary key becomes `(delivery_id, id)`: every query reading attempts seeks them by delivery
 *   (the attempt log, retention's delete, the endpoint statistics' join); nothing reads one by its id
 *   alone, so the id key and `attempts_by_delivery` are replaced by that one index.
 */
export const compactAttemptsSchema = `
ALTER TABLE attempts ADD COLUMN request_signed boolean;
ALTER TABLE attempts ADD COLUMN user_agent text;
ALTER TABLE attempts DROP CONSTRAINT attempts_pkey;
ALTER TABLE attempts ADD PRIMARY KEY (delivery_id, id);
DROP INDEX attempts_by_delivery;
`;
