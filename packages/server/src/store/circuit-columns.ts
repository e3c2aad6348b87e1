import { type CircuitRecord, closedCircuit } from "../domain/circuit-rule.js";

/**
 * The stored circuit of an endpoint (`endpoint_circuits`, migration 006) as both adapters read it: one
 * array of its columns in this order, or null when the endpoint has no row (closed, no failures).
 */
export type CircuitColumns = readonly [
  consecutiveFailures: number,
  openedAt: number | null,
  pausedUntil: number | null,
  cooldownMs: number | null,
  probeDeliveryId: string | null,
  probeLeaseUntil: number | null,
];

export function toCircuitRecord(columns: CircuitColumns | null | undefined): CircuitRecord {
  if (columns === null || columns === undefined) return closedCircuit;
  const [consecutiveFailures, openedAt, pausedUntil, cooldownMs, probeDeliveryId, probeLeaseUntil] = columns;
  return { consecutiveFailures, openedAt, pausedUntil, cooldownMs, probeDeliveryId, probeLeaseUntil };
}

export function toCircuitColumns(record: CircuitRecord): CircuitColumns {
  return [
    record.consecutiveFailures,
    record.openedAt,
    record.pausedUntil,
    record.cooldownMs,
    record.probeDeliveryId,
    record.probeLeaseUntil,
  ];
}

export function sameCircuit(a: CircuitRecord, b: CircuitRecord): boolean {
  const left = toCircuitColumns(a);
  const right = toCircuitColumns(b);
  return left.every((value, index) => value === right[index]);
}
