/**
 * The management API, mirroring `../../sqlite/migrations/003-management.ts`:
 * endpoint metadata, previous secrets (rotation), campaign/candidate ids on events, test deliveries and
 * retry budgets, attempt headers, recoveries, and the indexes their queries need.
 */
export const managementSchema = `
ALTER TABLE endpoints ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';

CREATE TABLE endpoint_previous_secrets (
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  sealed_secret text NOT NULL,
  retired_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX endpoint_previous_secrets_active ON endpoint_previous_secrets (endpoint_id, expires_at);

ALTER TABLE events ADD COLUMN campaign_id text;
ALTER TABLE events ADD COLUMN candidate_id text;
CREATE INDEX events_by_campaign ON events (account_id, campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX events_by_candidate ON events (account_id, candidate_id) WHERE candidate_id IS NOT NULL;
CREATE INDEX events_by_account ON events (account_id, id);

ALTER TABLE deliveries ADD COLUMN test boolean NOT NULL DEFAULT false;
ALTER TABLE deliveries ADD COLUMN retry_budget_start integer NOT NULL DEFAULT 0;
CREATE INDEX deliveries_by_endpoint_updated ON deliveries (endpoint_id, updated_at);

ALTER TABLE attempts ADD COLUMN request_headers jsonb;
ALTER TABLE attempts ADD COLUMN response_headers jsonb;

CREATE TABLE recoveries (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  since bigint NOT NULL,
  until bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done')),
  total integer NOT NULL,
  requeued integer NOT NULL,
  cursor text COLLATE "C",
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX recoveries_running ON recoveries (endpoint_id, since, until) WHERE status = 'running';
`;
