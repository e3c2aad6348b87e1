import type pg from "pg";
import {
  type CircuitRecord,
  type CircuitSettings,
  circuitAfterResend,
  closedCircuit,
} from "../../domain/circuit-rule.js";
import type { EpochMs } from "../../domain/types.js";
import { type CircuitColumns, sameCircuit, toCircuitColumns, toCircuitRecord } from "../circuit-columns.js";
import { batchEnd, circuitMoves, outcomesByEndpoint } from "../circuit-moves.js";
import { attemptOutcomes } from "../endpoint-health-rules.js";
import type { AttemptResult, EndpointCircuitStore, RecordedResults } from "../port.js";
import { inTransaction, type Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

/**
 * The endpoints' circuit breakers on PostgreSQL (`endpoint_circuits`, migration 006): persisted here,
 * decided by `domain/circuit-rule.ts`. Recording locks the batch's circuit rows (in endpoint order) in
 * the recording transaction, so concurrent workers apply their outcomes one after the other; claiming
 * is in `probe-claim.ts`.
 */

const CIRCUIT_ARRAY = `json_build_array(consecutive_failures, opened_at, paused_until, cooldown_ms, probe_delivery_id,
  probe_lease_until)`;

/**
 * A paused endpoint's waiting deliveries are due when the pause ends, not before, so `next_attempt_at`
 * says when they will really be tried. Leased ones are left to their worker (their result comes here).
 */
export const DUE_AFTER_PAUSE_SQL = `
UPDATE deliveries d SET next_attempt_at = p.until
FROM unnest($1::text[], $2::bigint[]) AS p(endpoint_id, until)
WHERE d.endpoint_id = p.endpoint_id AND d.status = 'pending' AND d.next_attempt_at < p.until AND d.id <> $4
  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $3)`;

/** Circuits closed: what waited for the end of their pause (due exactly then) is due at once. */
const DUE_AT_CLOSE_SQL = `
UPDATE deliveries d SET next_attempt_at = $3
FROM unnest($1::text[], $2::bigint[]) AS p(endpoint_id, until)
WHERE d.endpoint_id = p.endpoint_id AND d.status = 'pending' AND d.next_attempt_at = p.until
  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $3)`;

async function writeCircuits(db: Queryable, changes: ReadonlyMap<string, CircuitRecord>): Promise<void> {
  const closed = [...changes].filter(([, record]) => sameCircuit(record, closedCircuit)).map(([id]) => id);
  const kept = [...changes].filter(([, record]) => !sameCircuit(record, closedCircuit));
  if (closed.length > 0)
    await db.query("DELETE FROM endpoint_circuits WHERE endpoint_id = ANY ($1)", [closed]);
  if (kept.length === 0) return;
  const columns = kept.map(([, record]) => toCircuitColumns(record));
  await db.query(
    `INSERT INTO endpoint_circuits (endpoint_id, consecutive_failures, opened_at, paused_until, cooldown_ms,
                                    probe_delivery_id, probe_lease_until)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[])
     ON CONFLICT (endpoint_id) DO UPDATE SET
       consecutive_failures = excluded.consecutive_failures, opened_at = excluded.opened_at,
       paused_until = excluded.paused_until, cooldown_ms = excluded.cooldown_ms,
       probe_delivery_id = excluded.probe_delivery_id, probe_lease_until = excluded.probe_lease_until`,
    [
      kept.map(([id]) => id),
      ...toCircuitColumns(closedCircuit).map((_, index) => columns.map((c) => c[index])),
    ],
  );
}

/** Moves the circuits of the batch's endpoints by its outcomes (call inside the recording transaction). */
export async function recordCircuitOutcomes(
  db: Queryable,
  results: readonly AttemptResult[],
  settings: CircuitSettings,
): Promise<void> {
  if (results.length === 0) return;
  const ids = results.map((r) => r.attempt.deliveryId);
  const mapping = await db.query<{ id: string; endpoint_id: string; has_circuit: boolean }>(
    `SELECT d.id, d.endpoint_id, EXISTS (SELECT 1 FROM endpoint_circuits c WHERE c.endpoint_id = d.endpoint_id) AS has_circuit
     FROM deliveries d WHERE d.id = ANY ($1::text[])`,
    [ids],
  );
  const endpointOf = new Map(mapping.rows.map((row) => [row.id, row.endpoint_id]));
  const withCircuit = new Set(mapping.rows.filter((row) => row.has_circuit).map((row) => row.endpoint_id));
  const grouped = outcomesByEndpoint(results, endpointOf);
  // A healthy endpoint (no circuit row) that only succeeded stays as it is: nothing to lock or write.
  const judged = [...grouped].filter(
    ([endpointId, outcomes]) => withCircuit.has(endpointId) || outcomes.some((o) => !o.succeeded),
  );
  if (judged.length === 0) return;
  const locked = await db.query<{ endpoint_id: string; circuit: CircuitColumns }>(
    `SELECT endpoint_id, ${CIRCUIT_ARRAY} AS circuit FROM endpoint_circuits
     WHERE endpoint_id = ANY ($1::text[]) ORDER BY endpoint_id FOR UPDATE`,
    [judged.map(([endpointId]) => endpointId)],
  );
  const stored = new Map(locked.rows.map((row) => [row.endpoint_id, toCircuitRecord(row.circuit)]));
  const now = batchEnd(results);
  const { changes, paused, closed } = circuitMoves(
    judged,
    (endpointId) => stored.get(endpointId) ?? closedCircuit,
    settings,
    now,
  );
  await writeCircuits(db, changes);
  if (closed.length > 0) {
    await db.query(DUE_AT_CLOSE_SQL, [
      closed.map(([id]) => id),
      closed.map(([, until]) => until),
      epochMs(now),
    ]);
  }
  if (paused.length > 0) {
    await db.query(DUE_AFTER_PAUSE_SQL, [
      paused.map(([endpointId]) => endpointId),
      paused.map(([, until]) => until),
      epochMs(now),
      "",
    ]);
  }
}

/**
 * `recordAttemptResults` with the circuits moved in the same transaction. A batch of successes only,
 * to endpoints without a circuit row (the healthy case), changes no circuit: it is recorded alone, in
 * its one statement, without a transaction around it.
 */
export async function recordWithCircuits<
  Recorded extends RecordedResults & { readonly alreadyRecordedAttemptIds: readonly string[] },
>(
  pool: pg.Pool,
  results: readonly AttemptResult[],
  settings: CircuitSettings,
  record: (db: Queryable, results: readonly AttemptResult[]) => Promise<Recorded>,
): Promise<Recorded> {
  if (results.length === 0) return record(pool, results);
  if (attemptOutcomes(results).every((outcome) => outcome.succeeded)) {
    const found = await pool.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM deliveries d JOIN endpoint_circuits c ON c.endpoint_id = d.endpoint_id
                      WHERE d.id = ANY ($1::text[])) AS any`,
      [results.map((r) => r.attempt.deliveryId)],
    );
    if (found.rows[0]?.any !== true) return record(pool, results);
  }
  return inTransaction(pool, async (tx) => {
    const recorded = await record(tx, results);
    // A result whose delivery is gone (deleted meanwhile) says nothing about its endpoint any more, and
    // one already recorded (a retry of a call whose answer was lost) was already counted.
    const missing = new Set(recorded.missingDeliveryIds);
    const counted = new Set(recorded.alreadyRecordedAttemptIds);
    const kept =
      missing.size === 0 && counted.size === 0
        ? results
        : results.filter((r) => !missing.has(r.attempt.deliveryId) && !counted.has(r.attempt.id));
    await recordCircuitOutcomes(tx, kept, settings);
    return recorded;
  });
}

/** A person resent `deliveryId`: when its endpoint's circuit is open, it goes at once as the probe. */
export async function endPauseForResend(pool: pg.Pool, deliveryId: string, now: EpochMs): Promise<void> {
  await inTransaction(pool, async (tx) => {
    const found = await tx.query<{ endpoint_id: string; circuit: CircuitColumns }>(
      `SELECT c.endpoint_id, json_build_array(c.consecutive_failures, c.opened_at, c.paused_until, c.cooldown_ms,
              c.probe_delivery_id, c.probe_lease_until) AS circuit
       FROM deliveries d JOIN endpoint_circuits c ON c.endpoint_id = d.endpoint_id
       WHERE d.id = $1 FOR UPDATE OF c`,
      [deliveryId],
    );
    const row = found.rows[0];
    if (row === undefined) return;
    const stored = toCircuitRecord(row.circuit);
    const next = circuitAfterResend(stored, deliveryId, now);
    if (next === undefined) return;
    await writeCircuits(tx, new Map([[row.endpoint_id, next]]));
    // A claim between the resend and this call may have held it for the pause: it is due now again.
    await tx.query(
      `UPDATE deliveries SET next_attempt_at = $2
       WHERE id = $1 AND status = 'pending' AND next_attempt_at > $2
         AND (lease_expires_at IS NULL OR lease_expires_at <= $2)`,
      [deliveryId, epochMs(now)],
    );
  });
}

export async function countOpenCircuits(db: Queryable): Promise<number> {
  const result = await db.query<{ open: number }>(
    "SELECT count(*)::int AS open FROM endpoint_circuits WHERE opened_at IS NOT NULL",
  );
  return result.rows[0]?.open ?? 0;
}

export function postgresEndpointCircuitMethods({ pool }: PostgresContext): EndpointCircuitStore {
  return {
    endCircuitPauseForResend: (deliveryId, now) => endPauseForResend(pool, deliveryId, now),
    countOpenCircuits: () => countOpenCircuits(pool),
  };
}
