/**
 * An attempt names the version that sent it by a number. Mirrored by
 * `../../postgres/migrations/015-attempt-user-agents.ts`, which changes nothing.
 *
 * `attempts.user_agent` (migration 008) repeated the same 24 characters (`VoiceHire-Webhooks/<version>`)
 * on every attempt, where there is one string per version of the service. Each is now
 * stored once in `user_agents` and an attempt holds its number (a byte), about 23 bytes less per attempt.
 */
export const attemptUserAgentsSchema = `
CREATE TABLE user_agents (
  id INTEGER PRIMARY KEY,
  value TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO user_agents (value) SELECT DISTINCT user_agent FROM attempts WHERE user_agent IS NOT NULL;
ALTER TABLE attempts ADD COLUMN user_agent_id INTEGER REFERENCES user_agents (id);
UPDATE attempts SET user_agent_id = (SELECT u.id FROM user_agents u WHERE u.value = attempts.user_agent)
WHERE user_agent IS NOT NULL;
ALTER TABLE attempts DROP COLUMN user_agent;
`;
