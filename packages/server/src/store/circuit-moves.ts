import {
  type CircuitRecord,
  type CircuitSettings,
  circuitAfterOutcomes,
  circuitStateAt,
} from "../domain/circuit-rule.js";
import { sameCircuit } from "./circuit-columns.js";
import { attemptOutcomes } from "./endpoint-health-rules.js";
import type { AttemptResult } from "./port.js";

/** What a batch's outcomes do to its endpoints' circuits, for an adapter to write. */
export interface CircuitMoves {
  /** The circuits that changed, by endpoint. */
  readonly changes: Map<string, CircuitRecord>;
  /** Endpoints paused after the batch, with the end of the pause: their waiting deliveries are due then. */
  readonly paused: [endpointId: string, until: number][];
  /** Endpoints whose circuit closed, with the end of the pause they had: what waited for it is due now. */
  readonly closed: [endpointId: string, until: number][];
}

/**
 * Moves each endpoint's stored circuit by its outcomes in the batch (`domain/circuit-rule.ts`), `now`
 * being when the batch's attempts ended.
 */
export function circuitMoves(
  outcomesOf: Iterable<[endpointId: string, outcomes: ReturnType<typeof attemptOutcomes>]>,
  storedCircuit: (endpointId: string) => CircuitRecord,
  settings: CircuitSettings,
  now: number,
): CircuitMoves {
  const moves: CircuitMoves = { changes: new Map(), paused: [], closed: [] };
  for (const [endpointId, outcomes] of outcomesOf) {
    const before = storedCircuit(endpointId);
    const after = circuitAfterOutcomes(before, outcomes, settings);
    if (!sameCircuit(before, after)) moves.changes.set(endpointId, after);
    if (after.pausedUntil !== null && circuitStateAt(after, now) === "open") {
      moves.paused.push([endpointId, after.pausedUntil]);
    } else if (after.openedAt === null && before.pausedUntil !== null) {
      moves.closed.push([endpointId, before.pausedUntil]);
    }
  }
  return moves;
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
