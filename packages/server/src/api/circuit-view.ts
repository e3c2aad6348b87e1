import { type CircuitRecord, circuitStateAt, closedCircuit } from "../domain/circuit-rule.js";
import type { EpochMs } from "../domain/types.js";

/**
 * An endpoint's circuit breaker as the API shows it (`circuit` of an endpoint): `closed` (attempts
 * flow), `open` (paused until `paused_until`, after `consecutive_failures` failed attempts in a row) or
 * `half_open` (the pause ended: one probe attempt decides, a success closes it, a failure pauses longer).
 */
export function circuitView(record: CircuitRecord | undefined, now: EpochMs) {
  const circuit = record ?? closedCircuit;
  const state = circuitStateAt(circuit, now);
  return {
    state,
    consecutive_failures: circuit.consecutiveFailures,
    opened_at: circuit.openedAt === null ? null : new Date(circuit.openedAt).toISOString(),
    paused_until:
      state === "closed" || circuit.pausedUntil === null ? null : new Date(circuit.pausedUntil).toISOString(),
  };
}
