import { createNumberedStrings } from "./numbered-strings.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * The number of a user agent in `user_agents` (migration 015), given on its first attempt: an attempt
 * stores the number, not the string.
 */
export type UserAgentIds = (userAgent: string | null) => number | null;

export function createUserAgentIds(context: SqliteContext): UserAgentIds {
  const numbers = createNumberedStrings(context, "user_agents", "value");
  return (userAgent) => (userAgent === null ? null : numbers.numberOf(userAgent));
}
