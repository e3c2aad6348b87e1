/**
 * Pull endpoints: an endpoint with no URL whose events are read in order with a cursor. Mirrors
 * `../../sqlite/migrations/010-pull-endpoints.ts`.
 *
 * - `endpoints.kind`: `push` (POSTed to its URL, every endpoint before this migration) or `pull`; a
 *   pull endpoint's URL is the empty string.
 * - A pull endpoint's deliveries are written `succeeded` with no next attempt (no worker claims them,
 *   retention removes them with the other finished deliveries) and `pull_position` 0: not yet placed
 *   in the endpoint's read order. A read places the committed ones (1, 2, 3, … per endpoint, under
 *   the endpoint's `pull_reads` row, locked) before answering: a publish committing later gets a later
 *   position, so a cursor never skips a row committed out of id order. Push deliveries keep
 *   `pull_position` NULL and stay out of the index.
 * - `pull_reads`: per pull endpoint, the last position given, the furthest cursor a reader came back
 *   with and when it last read (the backlog and last read the dashboard shows).
 */
export const pullEndpointsSchema = `
ALTER TABLE endpoints ADD COLUMN kind text NOT NULL DEFAULT 'push' CHECK (kind IN ('push', 'pull'));
ALTER TABLE deliveries ADD COLUMN pull_position bigint;
CREATE INDEX deliveries_pull_order ON deliveries (endpoint_id, pull_position, id) WHERE pull_position IS NOT NULL;
CREATE TABLE pull_reads (
  endpoint_id text PRIMARY KEY REFERENCES endpoints (id),
  last_position bigint NOT NULL,
  read_position bigint NOT NULL,
  read_at bigint
);
`;
