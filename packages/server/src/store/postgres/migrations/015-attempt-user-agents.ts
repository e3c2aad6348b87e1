/**
 * Nothing on PostgreSQL yet: `../../sqlite/migrations/015-attempt-user-agents.ts` stores each user agent
 * once on the embedded store. PostgreSQL still spells it out in `attempts.user_agent` (about 24 bytes an
 * attempt); numbering it there too is the same change, not made yet. The copy between engines spells it
 * out from the embedded store's numbers.
 */
export const attemptUserAgentsSchema = "SELECT 1;";
