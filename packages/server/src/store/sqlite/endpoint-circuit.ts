import {
  askedProbe,
  type CircuitRecord,
  circuitAfterResend,
  circuitStateAt,
  closedCircuit,
  defaultCircuitSettings,
  mayTakeProbe,
} from "../../domain/circuit-rule.js";
import type { EpochMs } from "../../domain/types.js";
import { type CircuitColumns, sameCircuit, toCircuitColumns, toCircuitRecord } from "../circuit-columns.js";
import { batchEnd, circuitMoves, outcomesByEndpoint } from "../circuit-moves.js";
import type { AttemptResult, ClaimInput, EndpointCircuitStore } from "../port.js";
import { selectClaimableIds } from "./claim-selection.js";
import { deliveryNamed, namedById } from "./delivery-numbers.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * The endpoints' circuit breakers on SQLite (`endpoint_circuits`, migration 006): persisted here, decided
 * by `domain/circuit-rule.ts`. Every call runs inside the caller's transaction (recording, claiming,
 * resending), which SQLite serializes across processes: all workers see and move one state.
 */

/** The circuit as one JSON array column (see `CircuitColumns`), for the endpoint reads. */
export const CIRCUIT_COLUMN = `(SELECT json_array(c.consecutive_failures, c.opened_at, c.paused_until, c.cooldown_ms,
  c.probe_delivery_id, c.probe_lease_until) FROM endpoint_circuits c WHERE c.endpoint_id = endpoints.id) AS circuit`;

export function circuitOfColumn(json: string | null): CircuitRecord {
  return toCircuitRecord(json === null ? null : (JSON.parse(json) as CircuitColumns));
}

const READ_CIRCUIT_SQL = `SELECT json_array(consecutive_failures, opened_at, paused_until, cooldown_ms, probe_delivery_id,
  probe_lease_until) FROM endpoint_circuits WHERE endpoint_id = ?`;

const WRITE_CIRCUIT_SQL = `
INSERT INTO endpoint_circuits (endpoint_id, consecutive_failures, opened_at, paused_until, cooldown_ms,
                               probe_delivery_id, probe_lease_until)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (endpoint_id) DO UPDATE SET
  consecutive_failures = excluded.consecutive_failures, opened_at = excluded.opened_at,
  paused_until = excluded.paused_until, cooldown_ms = excluded.cooldown_ms,
  probe_delivery_id = excluded.probe_delivery_id, probe_lease_until = excluded.probe_lease_until`;

/**
 * A paused endpoint's waiting deliveries are due when the pause ends, not before, so `next_attempt_at`
 * says when they will really be tried. Leased ones are left to their worker (their result comes here).
 */
const DUE_AFTER_PAUSE_SQL = `
UPDATE deliveries SET next_attempt_at = @until
WHERE endpoint_id = @endpointId AND status = 'pending' AND next_attempt_at < @until AND id IS NOT @keep
  AND (lease_expires_at IS NULL OR lease_expires_at <= @now)`;

/** The circuit closed: what waited for the end of its pause (due exactly then) is due at once. */
const DUE_AT_CLOSE_SQL = `
UPDATE deliveries SET next_attempt_at = @now
WHERE endpoint_id = @endpointId AND status = 'pending' AND next_attempt_at = @until
  AND (lease_expires_at IS NULL OR lease_expires_at <= @now)`;

const RESENT_DUE_NOW_SQL = `
UPDATE deliveries SET next_attempt_at = @now
WHERE id = @number AND status = 'pending' AND next_attempt_at > @now
  AND (lease_expires_at IS NULL OR lease_expires_at <= @now)`;

const OPEN_CIRCUITS_SQL = `SELECT endpoint_id, json_array(consecutive_failures, opened_at, paused_until, cooldown_ms,
  probe_delivery_id, probe_lease_until) AS circuit FROM endpoint_circuits WHERE opened_at IS NOT NULL`;

/**
 * The oldest due delivery, or the one a person asked for (`@asked`, its number) first; only it while
 * paused.
 */
const PROBE_CANDIDATE_SQL = `
SELECT d.id AS number, d.public_id AS id FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
WHERE d.endpoint_id = @endpointId AND e.enabled = 1 AND d.status = 'pending' AND d.next_attempt_at <= @now
  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= @now) AND (@paused = 0 OR d.id IS @asked)
ORDER BY d.id IS @asked DESC, d.next_attempt_at, d.id LIMIT 1`;

/** The number of the delivery whose public id is `id`, or null when there is none. */
function deliveryNumberOf({ statement }: SqliteContext, id: string | null): number | null {
  if (id === null) return null;
  const found = statement(`SELECT id FROM deliveries WHERE ${deliveryNamed()}`).pluck().get(namedById(id));
  return (found as number | undefined) ?? null;
}

function readCircuit({ statement }: SqliteContext, endpointId: string): CircuitRecord {
  const json = statement(READ_CIRCUIT_SQL).pluck().get(endpointId) as string | undefined;
  return circuitOfColumn(json ?? null);
}

function writeCircuit({ statement }: SqliteContext, endpointId: string, record: CircuitRecord): void {
  if (sameCircuit(record, closedCircuit)) {
    statement("DELETE FROM endpoint_circuits WHERE endpoint_id = ?").run(endpointId);
  } else {
    statement(WRITE_CIRCUIT_SQL).run(endpointId, ...toCircuitColumns(record));
  }
}

/** `keep`: the number of a delivery left due (a person asked for it), or null. */
function holdUntilPauseEnds(
  { statement }: SqliteContext,
  endpointId: string,
  until: EpochMs,
  now: EpochMs,
  keep: number | null = null,
): void {
  statement(DUE_AFTER_PAUSE_SQL).run({ endpointId, until, now: Math.round(now), keep });
}

/** The circuits of some endpoints in one read (those with no row are closed). */
const READ_CIRCUITS_SQL = `SELECT endpoint_id, json_array(consecutive_failures, opened_at, paused_until, cooldown_ms,
  probe_delivery_id, probe_lease_until) AS circuit FROM endpoint_circuits
WHERE endpoint_id IN (SELECT value FROM json_each(?))`;

/**
 * Moves the circuits of the batch's endpoints by its outcomes (call inside the recording transaction).
 * `endpointOf` gives each recorded delivery's endpoint (the recording has read it already); the stored
 * circuits of those endpoints are read at once.
 */
export function recordCircuitOutcomes(
  context: SqliteContext,
  results: readonly AttemptResult[],
  endpointOf: ReadonlyMap<string, string>,
): void {
  if (results.length === 0) return;
  const grouped = outcomesByEndpoint(results, endpointOf);
  const stored = new Map(
    (
      context.statement(READ_CIRCUITS_SQL).all(JSON.stringify([...grouped.keys()])) as {
        endpoint_id: string;
        circuit: string;
      }[]
    ).map((row) => [row.endpoint_id, row.circuit]),
  );
  const now = batchEnd(results);
  const moves = circuitMoves(
    grouped,
    (endpointId) => circuitOfColumn(stored.get(endpointId) ?? null),
    context.circuit ?? defaultCircuitSettings,
    now,
  );
  for (const [endpointId, next] of moves.changes) writeCircuit(context, endpointId, next);
  for (const [endpointId, until] of moves.paused) holdUntilPauseEnds(context, endpointId, until, now);
  for (const [endpointId, until] of moves.closed) {
    context.statement(DUE_AT_CLOSE_SQL).run({ endpointId, until, now: Math.round(now) });
  }
}

/**
 * The ids a claim takes (call inside the claim's transaction): no delivery of an endpoint whose circuit
 * is open; for each one whose pause ended and whose probe is free, its oldest due delivery as the probe
 * (held for the claim's lease); then the usual choice among the other endpoints.
 */
export function selectClaimableIdsWithCircuits(context: SqliteContext, input: ClaimInput): number[] {
  const open = context.statement(OPEN_CIRCUITS_SQL).all() as { endpoint_id: string; circuit: string }[];
  if (open.length === 0) return selectClaimableIds(context, input);
  const skipped = new Set(input.excludeEndpointIds ?? []);
  const probes: number[] = [];
  for (const row of open) {
    const circuit = circuitOfColumn(row.circuit);
    const paused = circuitStateAt(circuit, input.now) === "open";
    const asked = deliveryNumberOf(context, askedProbe(circuit));
    if (paused && circuit.pausedUntil !== null) {
      holdUntilPauseEnds(context, row.endpoint_id, circuit.pausedUntil, input.now, asked);
    }
    if (probes.length >= input.limit || skipped.has(row.endpoint_id) || !mayTakeProbe(circuit, input.now))
      continue;
    const probe = context.statement(PROBE_CANDIDATE_SQL).get({
      endpointId: row.endpoint_id,
      now: input.now,
      paused: paused ? 1 : 0,
      asked,
    }) as { number: number; id: string } | undefined;
    if (probe === undefined) continue;
    probes.push(probe.number);
    writeCircuit(context, row.endpoint_id, {
      ...circuit,
      probeDeliveryId: probe.id,
      probeLeaseUntil: Math.round(input.now + input.leaseMs),
    });
  }
  const rest = selectClaimableIds(context, {
    ...input,
    limit: input.limit - probes.length,
    excludeEndpointIds: [...skipped, ...open.map((row) => row.endpoint_id)],
  });
  return [...probes, ...rest];
}

/**
 * A person resent `deliveryId` (call after the resend, in its own transaction): when its endpoint's
 * circuit is open, that delivery goes at once as the probe (`circuitAfterResend`).
 */
export function endPauseForResend(context: SqliteContext, deliveryId: string, now: EpochMs): void {
  const found = context
    .statement(`SELECT id AS number, endpoint_id FROM deliveries WHERE ${deliveryNamed()}`)
    .get(namedById(deliveryId)) as { number: number; endpoint_id: string } | undefined;
  if (found === undefined) return;
  const endpointId = found.endpoint_id;
  const stored = readCircuit(context, endpointId);
  const next = circuitAfterResend(stored, deliveryId, now);
  if (next === undefined) return;
  writeCircuit(context, endpointId, next);
  // A claim between the resend and this call may have held it for the pause: it is due now again.
  context.statement(RESENT_DUE_NOW_SQL).run({ number: found.number, now: Math.round(now) });
}

/** How many endpoints have an open (or half-open) circuit, for metrics and health. */
export function countOpenCircuits({ statement }: SqliteContext): number {
  return statement("SELECT count(*) FROM endpoint_circuits WHERE opened_at IS NOT NULL")
    .pluck()
    .get() as number;
}

export function sqliteEndpointCircuitMethods(context: SqliteContext): EndpointCircuitStore {
  return {
    async endCircuitPauseForResend(deliveryId, now) {
      context.db.transaction(() => endPauseForResend(context, deliveryId, now)).immediate();
    },
    async countOpenCircuits() {
      return countOpenCircuits(context);
    },
  };
}
