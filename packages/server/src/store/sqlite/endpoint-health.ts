import type { EndpointRecord } from "../../domain/types.js";
import { type AttemptOutcomeRow, HEALTH_PRECISION_MS } from "../endpoint-health-rules.js";
import type { DisabledEndpoint, EndpointHealthStore } from "../port.js";
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

/** `@outcomes` is a JSON array of [deliveryId, finishedAt, succeeded (0/1)]. */
export const UPDATE_ENDPOINT_HEALTH_SQL = `
WITH outcomes AS MATERIALIZED (
  SELECT d.endpoint_id, o.value ->> 1 AS finished_at, o.value ->> 2 AS succeeded
  FROM json_each(@outcomes) o JOIN deliveries d ON d.id = o.value ->> 0
), per_endpoint AS (
  SELECT endpoint_id,
         MAX(CASE WHEN succeeded = 1 THEN finished_at END) AS s,
         MAX(CASE WHEN succeeded = 0 THEN finished_at END) AS l
  FROM outcomes GROUP BY endpoint_id
), changes AS (
  SELECT p.endpoint_id, p.s, p.l,
         (SELECT MIN(o.finished_at) FROM outcomes o
          WHERE o.endpoint_id = p.endpoint_id AND o.succeeded = 0 AND o.finished_at > COALESCE(p.s, -1)) AS f
  FROM per_endpoint p
)
UPDATE endpoints SET
  last_success_at = ${NEW_LAST_SUCCESS},
  last_failure_at = CASE WHEN c.l IS NULL OR (endpoints.last_failure_at IS NOT NULL AND endpoints.last_failure_at >= c.l)
                    THEN endpoints.last_failure_at ELSE c.l END,
  failing_since = NULLIF(MIN(${LATER_THAN_SUCCESS("endpoints.failing_since")}, ${LATER_THAN_SUCCESS("c.f")},
                             ${LATER_THAN_SUCCESS("endpoints.last_failure_at")}), ${NONE})
FROM changes c
WHERE endpoints.id = c.endpoint_id
  AND NOT (c.l IS NULL AND endpoints.failing_since IS NULL
           AND endpoints.last_success_at IS NOT NULL AND endpoints.last_success_at >= c.s - ${HEALTH_PRECISION_MS})
  AND NOT (c.s IS NULL AND endpoints.failing_since IS NOT NULL AND endpoints.failing_since <= c.f
           AND endpoints.last_failure_at IS NOT NULL AND endpoints.last_failure_at >= c.l - ${HEALTH_PRECISION_MS})`;

/** Applies a batch's outcomes to its endpoints' health (call inside the recording transaction). */
export function updateEndpointHealth(
  { statement }: SqliteContext,
  outcomes: readonly AttemptOutcomeRow[],
): void {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => [o.deliveryId, o.finishedAt, o.succeeded ? 1 : 0]);
  statement(UPDATE_ENDPOINT_HEALTH_SQL).run({ outcomes: JSON.stringify(rows) });
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
