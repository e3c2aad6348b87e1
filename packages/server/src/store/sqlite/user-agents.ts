import type { SqliteContext } from "./sqlite-context.js";

/**
 * The number of a user agent in `user_agents` (migration 015), given on its first attempt and then
 * remembered: an attempt stores the number, not the string.
 */
export type UserAgentIds = (userAgent: string | null) => number | null;

export function createUserAgentIds({ statement }: SqliteContext): UserAgentIds {
  const known = new Map<string, number>();
  return (userAgent) => {
    if (userAgent === null) return null;
    let id = known.get(userAgent);
    if (id === undefined) {
      statement("INSERT OR IGNORE INTO user_agents (value) VALUES (?)").run(userAgent);
      id = statement("SELECT id FROM user_agents WHERE value = ?").pluck().get(userAgent) as number;
      known.set(userAgent, id);
    }
    return id;
  };
}
