import { type CircuitRecord, closedCircuit } from "../domain/circuit-rule.js";
import { attemptOutcomes } from "./endpoint-health-rules.js";
import type { AttemptResult } from "./port.js";

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

/** A batch's outcomes grouped by endpoint, given each delivery's endpoint. */
export function outcomesByEndpoint(
  results: readonly AttemptResult[],
  endpointOf: ReadonlyMap<string, string>,
): Map<string, ReturnType<typeof attemptOutcomes>> {
  const grouped = new Map<string, ReturnType<typeof attemptOutcomes>>();
  for (const outcome of attemptOutcomes(results)) {
    const endpointId = endpointOf.get(outcome.deliveryId);
    if (endpointId === undefined) continue; // the delivery is gone (retention): nothing to judge
    const list = grouped.get(endpointId) ?? [];
    list.push(outcome);
    grouped.set(endpointId, list);
  }
  return grouped;
}

/** When a batch's attempts ended: the time the circuit decisions are made at. */
export function batchEnd(results: readonly AttemptResult[]): number {
  return Math.max(...attemptOutcomes(results).map((outcome) => outcome.finishedAt));
}
