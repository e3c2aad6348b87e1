import { type OrderedKey, orderedKeyId } from "../../domain/order-head.js";
import { attemptMinuteCounts, attemptMinuteRows } from "../endpoint-attempt-minutes.js";
import { attemptOutcomes, healthChangesByEndpoint } from "../endpoint-health-rules.js";
import type { AttemptResult, RecordedResults } from "../port.js";
import { DELIVERIES_MAYBE_NAMED, namedByIds, namedRows } from "./delivery-numbers.js";
import { createAttemptMinutesAdder } from "./endpoint-attempt-minutes.js";
import { recordCircuitOutcomes } from "./endpoint-circuit.js";
import { createEndpointHealthWriter } from "./endpoint-health.js";
import type { LeaseOwners } from "./lease-owners.js";
import { createMultiRowStatement } from "./multi-row-statement.js";
import { settleOrderedKeys } from "./order-heads.js";
import { ATTEMPT_INSERT_INTO, attemptParams } from "./rows.js";
import type { SqliteContext } from "./sqlite-context.js";
import { createUserAgentIds, type UserAgentIds } from "./user-agents.js";

/**
 * Recording a group of attempt results on SQLite, in a handful of statements whatever the group's
 * size: one read of the group's deliveries (which still exist, their endpoint, Tester flag and
 * ordering key), one multi-row INSERT of the attempts, one UPDATE of the deliveries driven by a list
 * of values, one write of the health and of the per-minute counters per group (summed in JS), one
 * read of the circuits; then ordered delivery's heads, in the same transaction.
 */

export const READ_DELIVERIES_SQL = `
SELECT id AS number, public_id AS id, endpoint_id, test, order_key FROM deliveries WHERE ${DELIVERIES_MAYBE_NAMED}`;

interface RecordedDeliveryRow {
  number: number;
  id: string;
  endpoint_id: string;
  test: number;
  order_key: string | null;
}

const ATTEMPT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/**
 * A resend or recovery asked while the attempt was in flight (`requeue_requested_at`; a recovery's only
 * when the attempt failed the delivery) wins over the attempt's own next state: the delivery stays
 * pending, due at the request's time, with a fresh retry budget from this attempt on.
 */
const honoursRequeue = (status: string) =>
  `(requeue_requested_at IS NOT NULL AND (requeue_if_failed = 0 OR ${status} = 'failed'))`;

/** One row of `r`. */
export const ADVANCE_ROW = "(?, ?, ?, ?, ?, ?, ?)";

/** The values of one delivery's move, as the rows of `r` below name them. */
const ADVANCE_VALUES =
  "r_id, r_worker, r_status, r_next_attempt_at, r_status_code, r_error_kind, r_updated_at";

/** Only the lease holder moves the delivery on; a stale result matches no row. */
const ADVANCE_SET = `
SET status = CASE WHEN ${honoursRequeue("r_status")} THEN 'pending' ELSE r_status END,
    next_attempt_at = CASE WHEN ${honoursRequeue("r_status")} THEN requeue_requested_at ELSE r_next_attempt_at END,
    retry_budget_start = CASE WHEN ${honoursRequeue("r_status")} THEN attempt_count + 1 ELSE retry_budget_start END,
    requeue_requested_at = NULL, requeue_if_failed = 0, attempt_count = attempt_count + 1,
    last_status_code = r_status_code, last_error_kind = r_error_kind,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = r_updated_at`;
const ADVANCE_WHERE = "deliveries.lease_owner = r_worker AND deliveries.status = 'pending'";

/** Many deliveries at once; each delivery may appear once in the rows (see `advanceOneByOne`). */
export const ADVANCE_MANY_HEAD = `WITH r (${ADVANCE_VALUES}) AS (VALUES`;
export const ADVANCE_MANY_TAIL = `)
UPDATE deliveries ${ADVANCE_SET} FROM r WHERE deliveries.id = r_id AND ${ADVANCE_WHERE}`;

/** One delivery, for a group holding two results of one delivery: they apply in order. */
const ADVANCE_ONE_SQL = `
WITH r (${ADVANCE_VALUES}) AS (VALUES ${ADVANCE_ROW})
UPDATE deliveries ${ADVANCE_SET} FROM r WHERE deliveries.id = r_id AND ${ADVANCE_WHERE}`;

function advanceValues({ attempt, next }: AttemptResult, number: number, owner: string | null): unknown[] {
  return [
    number,
    owner,
    next.status,
    // Times are INTEGER columns; a jittered schedule may hand in fractions of a millisecond.
    next.status === "pending" ? Math.round(next.nextAttemptAt) : null,
    attempt.statusCode,
    attempt.errorKind,
    Math.round(attempt.startedAt + attempt.durationMs),
  ];
}

function attemptValues(result: AttemptResult, number: number, userAgentIds: UserAgentIds): unknown[] {
  const p = attemptParams(result.attempt, number, userAgentIds);
  return [
    p.id,
    p.deliveryId,
    p.attemptNumber,
    p.startedAt,
    p.durationMs,
    p.statusCode,
    p.errorKind,
    p.errorMessage,
    p.responseExcerpt,
    p.requestSigned,
    p.userAgentId,
    p.requestHeaders,
    p.responseHeaders,
  ];
}

/** Records a group of results (call inside the recording transaction, which it does not open). */
export function createAttemptRecorder(
  context: SqliteContext,
  owners: LeaseOwners,
): (results: readonly AttemptResult[]) => RecordedResults {
  const insertAttempts = createMultiRowStatement(context, `${ATTEMPT_INSERT_INTO} VALUES`, ATTEMPT_ROW);
  const advanceMany = createMultiRowStatement(context, ADVANCE_MANY_HEAD, ADVANCE_ROW, ADVANCE_MANY_TAIL);
  const writeHealth = createEndpointHealthWriter(context);
  const addMinutes = createAttemptMinutesAdder(context);
  const userAgentIds = createUserAgentIds(context);

  return (results) => {
    const ids = results.map((result) => result.attempt.deliveryId);
    const rows = namedRows(
      context.statement(READ_DELIVERIES_SQL).all(namedByIds(ids)) as RecordedDeliveryRow[],
      ids,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const numberOf = (result: AttemptResult) =>
      (byId.get(result.attempt.deliveryId) as RecordedDeliveryRow).number;
    const missingDeliveryIds: string[] = [];
    const kept: AttemptResult[] = [];
    for (const result of results) {
      // Retention may have deleted a delivery while its attempt was in flight: nothing to attach it to.
      if (byId.has(result.attempt.deliveryId)) kept.push(result);
      else missingDeliveryIds.push(result.attempt.deliveryId);
    }
    if (kept.length === 0) return { missingDeliveryIds };
    insertAttempts(kept.map((result) => attemptValues(result, numberOf(result), userAgentIds)));
    // A worker without a number holds no lease: its null matches no row, like any stale result.
    const moves = kept.map((result) =>
      advanceValues(result, numberOf(result), owners.knownNumberOf(result.workerId)),
    );
    // A row of `r` may match one delivery only once per statement: repeated deliveries go one by one.
    if (byId.size === kept.length) advanceMany(moves);
    else for (const move of moves) context.statement(ADVANCE_ONE_SQL).run(move);

    const endpointOf = new Map(rows.map((row) => [row.id, row.endpoint_id]));
    writeHealth(healthChangesByEndpoint(attemptOutcomes(kept), (id) => endpointOf.get(id)));
    addMinutes(
      attemptMinuteCounts(attemptMinuteRows(kept), (id) => {
        const row = byId.get(id);
        return row === undefined || row.test !== 0 ? undefined : row.endpoint_id;
      }),
    );
    recordCircuitOutcomes(context, kept, endpointOf);
    // A finished head lets its key's next delivery through, due when the attempt ended.
    const orderedKeys = new Map<string, OrderedKey>();
    for (const row of rows) {
      if (row.order_key === null) continue;
      const key = { endpointId: row.endpoint_id, orderKey: row.order_key };
      orderedKeys.set(orderedKeyId(key), key);
    }
    if (orderedKeys.size > 0) {
      const endedAt = Math.max(0, ...kept.map(({ attempt }) => attempt.startedAt + attempt.durationMs));
      settleOrderedKeys(context, orderedKeys.values(), endedAt);
    }
    return { missingDeliveryIds };
  };
}
