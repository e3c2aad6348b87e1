/**
 * Nothing on PostgreSQL yet: `../../sqlite/migrations/015-attempt-user-agents.ts` stores each user agent
 * once on the embedded store; PostgreSQL keeps `attempts.user_agent` as it is (its TOAST-free short text
 * costs the same bytes, and the copy between engines spells it out again).
 */
export const attemptUserAgentsSchema = "SELECT 1;";
