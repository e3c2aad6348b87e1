import type { Subscriptions } from "../subscription-cache.js";
import type { SqliteContext } from "./sqlite-context.js";

const SUBSCRIPTIONS_SQL = `
SELECT s.event_type, e.id FROM endpoint_event_types s JOIN endpoints e ON e.id = s.endpoint_id
WHERE s.account_id = ? AND e.enabled = 1 AND e.deleted_at IS NULL
ORDER BY e.created_at, e.id`;

/**
 * Every subscription of one account, read in one statement. The embedded store reads it inside each
 * publish transaction (no round trip to save, and then always current), once per account and call.
 */
export function readSubscriptions(
  { statement }: Pick<SqliteContext, "statement">,
  accountId: string,
): Subscriptions {
  const rows = statement(SUBSCRIPTIONS_SQL).raw().all(accountId) as [string, string][];
  const byType = new Map<string, string[]>();
  for (const [type, endpointId] of rows) {
    const ids = byType.get(type);
    if (ids === undefined) byType.set(type, [endpointId]);
    else ids.push(endpointId);
  }
  return byType;
}
