import type { EndpointRecord } from "../../domain/types.js";
import { type EndpointHealthChange, HEALTH_PRECISION_MS } from "../endpoint-health-rules.js";
import type { DisabledEndpoint, EndpointHealthStore } from "../port.js";
import { createMultiRowStatement } from "./multi-row-statement.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * Endpoint delivery health on SQLite: kept on the endpoint row while recording attempts, and
 * the automatic disabling of endpoints failing for too long. The rules are in `../endpoint-health-rules.ts`.
 */

/** Larger than any time: stands for "none" inside MIN(), which SQLite would make NULL otherwise. */
const NONE = "9223372036854775807";

/** The new last success, as an expression on the stored row (`endpoints`) and the batch change (`c`). */
const NEW_LAST_SUCCESS = `(CASE WHEN c.s IS NULL OR (endpoints.last_success_at IS NOT NULL AND endpoints.last_success_at >= c.s)
  THEN endpoints.last_success_at ELSE c.s END)`;

const LATER_THAN_SUCCESS = (value: string) =>
  `(CASE WHEN ${value} > COALESCE(${NEW_LAST_SUCCESS}, -1) THEN ${value} ELSE ${NONE} END)`;

/**
 * The batch's changes come as rows of `c` (endpoint_id, s, l, f), one per endpoint, summed in JS by
 * `healthChangesByEndpoint`; the statement's head and tail hold them (see `createMultiRowStatement`).
 */
const UPDATE_ENDPOINT_HEALTH_HEAD = "WITH c (endpoint_id, s, l, f) AS (VALUES";
const UPDATE_ENDPOINT_HEALTH_TAIL = `)
UPDATE endpoints SET
  last_success_at = ${NEW_LAST_SUCCESS},
  last_failure_at = CASE WHEN c.l IS NULL OR (endpoints.last_failure_at IS NOT NULL AND endpoints.last_failure_at >= c.l)
                    THEN endpoints.last_failure_at ELSE c.l END,
  failing_since = NULLIF(MIN(${LATER_THAN_SUCCESS("endpoints.failing_since")}, ${LATER_THAN_SUCCESS("c.f")},
                             ${LATER_THAN_SUCCESS("endpoints.last_failure_at")}), ${NONE})
FROM c
WHERE endpoints.id = c.endpoint_id
  AND NOT (c.l IS NULL AND endpoints.failing_since IS NULL
           AND endpoints.last_success_at IS NOT NULL AND endpoints.last_success_at >= c.s - ${HEALTH_PRECISION_MS})
  AND NOT (c.s IS NULL AND endpoints.failing_since IS NOT NULL AND endpoints.failing_since <= c.f
           AND endpoints.last_failure_at IS NOT NULL AND endpoints.last_failure_at >= c.l - ${HEALTH_PRECISION_MS})`;

/** Applies a batch's changes to its endpoints' health (call inside the recording transaction). */
export function createEndpointHealthWriter(
  context: Pick<SqliteContext, "statement">,
): (changes: readonly EndpointHealthChange[]) => void {
  const update = createMultiRowStatement(
    context,
    UPDATE_ENDPOINT_HEALTH_HEAD,
    "(?, ?, ?, ?)",
    UPDATE_ENDPOINT_HEALTH_TAIL,
  );
  return (changes) => update(changes.map((change) => [change.endpointId, change.s, change.l, change.f]));
}

const DISABLE_FAILING_SQL = `
UPDATE endpoints
SET enabled = 0, disabled_reason = 'failing_too_long', disabled_at = @now, updated_at = @now
WHERE enabled = 1 AND failing_since IS NOT NULL AND failing_since <= @before AND deleted_at IS NULL
RETURNING id, account_id, failing_since`;

export function sqliteEndpointHealthMethods({ statement }: SqliteContext): EndpointHealthStore {
  return {
    async disableEndpointsFailingSince(before, now) {
      const rows = statement(DISABLE_FAILING_SQL).all({
        before: Math.round(before),
        now: Math.round(now),
      }) as { id: string; account_id: string; failing_since: number }[];
      return rows.map(
        (row): DisabledEndpoint => ({
          endpointId: row.id,
          accountId: row.account_id,
          failingSince: row.failing_since,
        }),
      );
    },
  };
}

/** Stores a new endpoint's health and disabling fields as given (call inside `createEndpoint`'s transaction). */
export function writeEndpointHealthFields(
  { statement }: SqliteContext,
  endpoint: Pick<
    EndpointRecord,
    "id" | "failingSince" | "lastSuccessAt" | "lastFailureAt" | "disabledReason" | "disabledAt"
  >,
): void {
  statement(
    "UPDATE endpoints SET failing_since = ?, last_success_at = ?, last_failure_at = ?, disabled_reason = ?, " +
      "disabled_at = ? WHERE id = ?",
  ).run(
    endpoint.failingSince,
    endpoint.lastSuccessAt,
    endpoint.lastFailureAt,
    endpoint.disabledReason,
    endpoint.disabledAt,
    endpoint.id,
  );
}

/**
 * A user (the API) switched `enabled`: disabling records why and when; enabling clears that and starts a
 * fresh failure period, so an endpoint disabled for failing is not disabled again at the next check.
 */
export function recordEnabledSwitch(
  { statement }: SqliteContext,
  endpointId: string,
  enabled: boolean,
  now: number,
): void {
  if (enabled) {
    statement(
      "UPDATE endpoints SET disabled_reason = NULL, disabled_at = NULL, failing_since = NULL WHERE id = ?",
    ).run(endpointId);
  } else {
    statement("UPDATE endpoints SET disabled_reason = 'user', disabled_at = ? WHERE id = ?").run(
      Math.round(now),
      endpointId,
    );
  }
}
