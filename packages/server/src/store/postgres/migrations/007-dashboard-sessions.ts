/** Dashboard sessions, mirroring `../../sqlite/migrations/007-dashboard-sessions.ts`. */
export const dashboardSessionsSchema = `
CREATE TABLE dashboard_sessions (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key_hash text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
`;
