import type { EndpointOrdering } from "../../domain/types.js";
import type { Subscriptions } from "../subscription-cache.js";
import type { SqliteContext } from "./sqlite-context.js";

const SUBSCRIPTIONS_SQL = `
SELECT s.event_type, e.id, e.kind, e.ordering FROM endpoint_event_types s JOIN endpoints e ON e.id = s.endpoint_id
WHERE s.account_id = ? AND e.enabled = 1 AND e.deleted_at IS NULL
ORDER BY e.created_at, e.id`;

/** One account's subscriptions, and which of its endpoints are pull endpoints (their deliveries are kept, not sent). */
export interface SqliteSubscriptions {
  readonly byType: Subscriptions;
  readonly pullEndpoints: ReadonlySet<string>;
  /** The ordered endpoints' `ordering` (the others are not in it). */
  readonly orderings: ReadonlyMap<string, EndpointOrdering>;
}

/**
 * Every subscription of one account, read in one statement. The embedded store reads it inside each
 * publish transaction (no round trip to save, and then always current), once per account and call.
 */
export function readSubscriptions(
  { statement }: Pick<SqliteContext, "statement">,
  accountId: string,
): SqliteSubscriptions {
  const rows = statement(SUBSCRIPTIONS_SQL).raw().all(accountId) as [
    string,
    string,
    string,
    EndpointOrdering | null,
  ][];
  const byType = new Map<string, string[]>();
  const pullEndpoints = new Set<string>();
  const orderings = new Map<string, EndpointOrdering>();
  for (const [type, endpointId, kind, ordering] of rows) {
    if (kind === "pull") pullEndpoints.add(endpointId);
    else if (ordering !== null) orderings.set(endpointId, ordering);
    const ids = byType.get(type);
    if (ids === undefined) byType.set(type, [endpointId]);
    else ids.push(endpointId);
  }
  return { byType, pullEndpoints, orderings };
}
