import { type AttemptOutcomeRow, HEALTH_PRECISION_MS } from "../endpoint-health-rules.js";
import type { DisabledEndpoint, EndpointHealthStore } from "../port.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

/**
 * Endpoint delivery health on PostgreSQL, in the `endpoint_health` side table (see migration
 * 002 for why), by the rules of `../endpoint-health-rules.ts`; and the automatic disabling of endpoints
 * failing for too long.
 */

/** The new last success, as an expression on the stored row (`h`) and the batch change (`c`). */
const NEW_LAST_SUCCESS = "GREATEST(h.last_success_at, c.s)";
const LATER_THAN_SUCCESS = (value: string) =>
  `CASE WHEN ${value} > COALESCE(${NEW_LAST_SUCCESS}, -1) THEN ${value} END`;

/**
 * Common table expressions to put in the recording statement, reading the outcome arrays at parameters
 * `$first` (delivery ids), `$first+1` (end times), `$first+2` (2xx or not). A new health row is inserted
 * (never locking an existing one); an existing row is updated only when it changes by the rules (an
 * unchanged row is not even locked, so workers recording for one endpoint at once rarely meet).
 */
export function endpointHealthCtes(first: number): string {
  return `outcomes AS (
       SELECT d.endpoint_id, o.finished_at, o.succeeded
       FROM unnest($${first}::text[], $${first + 1}::bigint[], $${first + 2}::boolean[])
         AS o(delivery_id, finished_at, succeeded)
       JOIN deliveries d ON d.id = o.delivery_id
     ), health_changes AS MATERIALIZED (
       SELECT p.endpoint_id, p.s, p.l,
              (SELECT min(o.finished_at) FROM outcomes o
               WHERE o.endpoint_id = p.endpoint_id AND NOT o.succeeded AND o.finished_at > COALESCE(p.s, -1)) AS f
       FROM (SELECT endpoint_id,
                    max(finished_at) FILTER (WHERE succeeded) AS s,
                    max(finished_at) FILTER (WHERE NOT succeeded) AS l
             FROM outcomes GROUP BY endpoint_id) p
       ORDER BY p.endpoint_id
     ), health_created AS (
       INSERT INTO endpoint_health (endpoint_id, failing_since, last_success_at, last_failure_at)
       SELECT endpoint_id, f, s, l FROM health_changes ORDER BY endpoint_id
       ON CONFLICT (endpoint_id) DO NOTHING
     ), health_updated AS (
       UPDATE endpoint_health h SET
         last_success_at = ${NEW_LAST_SUCCESS},
         last_failure_at = GREATEST(h.last_failure_at, c.l),
         failing_since = LEAST(${LATER_THAN_SUCCESS("h.failing_since")}, ${LATER_THAN_SUCCESS("c.f")},
                               ${LATER_THAN_SUCCESS("h.last_failure_at")})
       FROM health_changes c
       WHERE h.endpoint_id = c.endpoint_id
         AND NOT (c.l IS NULL AND h.failing_since IS NULL
                  AND h.last_success_at IS NOT NULL AND h.last_success_at >= c.s - ${HEALTH_PRECISION_MS})
         AND NOT (c.s IS NULL AND h.failing_since IS NOT NULL AND h.failing_since <= c.f
                  AND h.last_failure_at IS NOT NULL AND h.last_failure_at >= c.l - ${HEALTH_PRECISION_MS})
     )`;
}

/** The three parameter arrays `endpointHealthCtes` reads. */
export function endpointHealthParams(outcomes: readonly AttemptOutcomeRow[]): unknown[] {
  return [
    outcomes.map((o) => o.deliveryId),
    outcomes.map((o) => epochMs(o.finishedAt)),
    outcomes.map((o) => o.succeeded),
  ];
}

/** Stores a new endpoint's health and disabling fields as given (call inside `createEndpoint`'s transaction). */
export async function writeEndpointHealthFields(
  db: Queryable,
  endpoint: {
    readonly id: string;
    readonly failingSince: number | null;
    readonly lastSuccessAt: number | null;
    readonly lastFailureAt: number | null;
    readonly disabledReason: string | null;
    readonly disabledAt: number | null;
  },
): Promise<void> {
  await db.query("UPDATE endpoints SET disabled_reason = $2, disabled_at = $3 WHERE id = $1", [
    endpoint.id,
    endpoint.disabledReason,
    endpoint.disabledAt === null ? null : epochMs(endpoint.disabledAt),
  ]);
  const times = [endpoint.failingSince, endpoint.lastSuccessAt, endpoint.lastFailureAt];
  if (times.every((time) => time === null)) return;
  await db.query(
    `INSERT INTO endpoint_health (endpoint_id, failing_since, last_success_at, last_failure_at)
     VALUES ($1, $2, $3, $4)`,
    [endpoint.id, ...times.map((time) => (time === null ? null : epochMs(time)))],
  );
}

/**
 * A patch set `enabled` (call inside `updateEndpoint`'s transaction, after the update). Switching it off
 * records why and when (an endpoint already disabled keeps its reason); switching it on clears them and
 * starts a fresh failure period, so an endpoint disabled for failing is not disabled again at once.
 */
export async function recordEnabledSwitch(
  db: Queryable,
  endpointId: string,
  enabled: boolean,
  now: number,
): Promise<void> {
  if (!enabled) {
    await db.query(
      "UPDATE endpoints SET disabled_reason = 'user', disabled_at = $2 WHERE id = $1 AND disabled_reason IS NULL",
      [endpointId, epochMs(now)],
    );
    return;
  }
  await db.query(
    `WITH enabled AS (
       UPDATE endpoints SET disabled_reason = NULL, disabled_at = NULL
       WHERE id = $1 AND disabled_reason IS NOT NULL
       RETURNING id
     )
     UPDATE endpoint_health SET failing_since = NULL WHERE endpoint_id IN (SELECT id FROM enabled)`,
    [endpointId],
  );
}

export async function disableEndpointsFailingSince(
  db: Queryable,
  before: number,
  now: number,
): Promise<DisabledEndpoint[]> {
  // A concurrent caller that disabled a row first makes `e.enabled` false when this one re-checks it.
  const result = await db.query<{ id: string; account_id: string; failing_since: number }>(
    `UPDATE endpoints e
     SET enabled = false, disabled_reason = 'failing_too_long', disabled_at = $2, updated_at = $2
     FROM endpoint_health h
     WHERE h.endpoint_id = e.id AND h.failing_since <= $1 AND e.enabled AND e.deleted_at IS NULL
     RETURNING e.id, e.account_id, h.failing_since`,
    [epochMs(before), epochMs(now)],
  );
  return result.rows.map((row) => ({
    endpointId: row.id,
    accountId: row.account_id,
    failingSince: row.failing_since,
  }));
}

export function postgresEndpointHealthMethods({ pool }: PostgresContext): EndpointHealthStore {
  return {
    disableEndpointsFailingSince: (before, now) => disableEndpointsFailingSince(pool, before, now),
  };
}
