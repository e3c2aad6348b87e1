/**
 * Dashboard sessions, recorded so that signing out (or an expiry) ends them on the server: a captured
 * cookie is worthless once its row is gone. `expires_at` lets sign-in purge the expired ones.
 */
export const dashboardSessionsSchema = `
CREATE TABLE dashboard_sessions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
`;
