import type { EpochMs } from "./types.js";

/**
 * The circuit breaker of an endpoint, as a rule on a stored record (Convoy's design, shared by every
 * worker because the store keeps the record and applies this rule in the transaction that records the
 * attempts). The store only persists; the decisions are here.
 *
 * - closed: attempts flow; `failureThreshold` failed attempts in a row open it.
 * - open and paused: no attempt until `pausedUntil` (`cooldownMs` after the failure that opened it,
 *   doubled after each failed probe up to `maxCooldownMs`); the endpoint's deliveries wait, pending, due
 *   no earlier than `pausedUntil`, without spending their attempts.
 * - half-open: the pause ended; one claim (across all workers) takes one delivery as the probe and
 *   holds the probe lease. Its success closes the circuit, its failure opens it again, longer.
 * Any success closes the circuit (an attempt started before it opened that succeeds shows the
 * endpoint answers). Time is passed in, never read.
 */
export interface CircuitSettings {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly maxCooldownMs: number;
}

export const defaultCircuitSettings: CircuitSettings = Object.freeze({
  failureThreshold: 5,
  cooldownMs: 30_000,
  maxCooldownMs: 600_000,
});

/** What the store keeps per endpoint (migration 006). */
export interface CircuitRecord {
  /** Failed attempts since the last success. */
  readonly consecutiveFailures: number;
  /** When the circuit opened (the failure that reached the threshold); null while closed. */
  readonly openedAt: EpochMs | null;
  /** No attempt before this time; null while closed. */
  readonly pausedUntil: EpochMs | null;
  /** The length of the current pause (it grows after each failed probe); null while closed. */
  readonly cooldownMs: number | null;
  /** The delivery sent as the probe and until when its claim holds the probe; null when none. */
  readonly probeDeliveryId: string | null;
  readonly probeLeaseUntil: EpochMs | null;
}

export const closedCircuit: CircuitRecord = Object.freeze({
  consecutiveFailures: 0,
  openedAt: null,
  pausedUntil: null,
  cooldownMs: null,
  probeDeliveryId: null,
  probeLeaseUntil: null,
});

/** One finished attempt as the circuit sees it. */
export interface CircuitOutcome {
  readonly deliveryId: string;
  readonly finishedAt: EpochMs;
  readonly succeeded: boolean;
}

export type CircuitStateName = "closed" | "open" | "half_open";

/** `open` while paused; `half_open` once the pause ended (a probe may go, or is under way). */
export function circuitStateAt(record: CircuitRecord, now: EpochMs): CircuitStateName {
  if (record.openedAt === null) return "closed";
  return record.pausedUntil !== null && now < record.pausedUntil ? "open" : "half_open";
}

/** A person asked for this delivery to be the probe before the pause ends (see `circuitAfterResend`). */
export function askedProbe(record: CircuitRecord): string | null {
  return record.openedAt !== null && record.probeLeaseUntil === null ? record.probeDeliveryId : null;
}

/**
 * Whether a claim at `now` may take the endpoint's probe: no probe is held, and the pause ended or a
 * person asked for one (then only the delivery they resent may be taken).
 */
export function mayTakeProbe(record: CircuitRecord, now: EpochMs): boolean {
  if (record.openedAt === null) return false;
  if (record.probeLeaseUntil !== null && record.probeLeaseUntil > now) return false;
  return circuitStateAt(record, now) === "half_open" || askedProbe(record) !== null;
}

function opened(record: CircuitRecord, failures: number, cooldownMs: number, at: EpochMs): CircuitRecord {
  return {
    consecutiveFailures: failures,
    openedAt: record.openedAt ?? at,
    pausedUntil: Math.round(at + cooldownMs),
    cooldownMs,
    probeDeliveryId: null,
    probeLeaseUntil: null,
  };
}

/** The record after one outcome. */
export function circuitAfterOutcome(
  record: CircuitRecord,
  outcome: CircuitOutcome,
  settings: CircuitSettings,
): CircuitRecord {
  if (outcome.succeeded) return closedCircuit;
  const failures = record.consecutiveFailures + 1;
  if (record.openedAt === null) {
    if (failures < settings.failureThreshold) return { ...closedCircuit, consecutiveFailures: failures };
    return opened(record, failures, settings.cooldownMs, outcome.finishedAt);
  }
  if (outcome.deliveryId === record.probeDeliveryId) {
    const longer = Math.min((record.cooldownMs ?? settings.cooldownMs) * 2, settings.maxCooldownMs);
    return opened(record, failures, longer, outcome.finishedAt);
  }
  // An attempt that started before the circuit opened: counted, the pause stays as it is.
  return { ...record, consecutiveFailures: failures };
}

/** The record after a batch of outcomes of one endpoint, applied in the order they finished. */
export function circuitAfterOutcomes(
  record: CircuitRecord,
  outcomes: readonly CircuitOutcome[],
  settings: CircuitSettings,
): CircuitRecord {
  const ordered = [...outcomes].sort((a, b) => a.finishedAt - b.finishedAt);
  return ordered.reduce((current, outcome) => circuitAfterOutcome(current, outcome, settings), record);
}

/**
 * A person resent `deliveryId` while the circuit is open: it goes at once as the probe (the person
 * asked for an attempt; its outcome closes or re-opens the circuit as usual), the endpoint's other
 * deliveries keep waiting for the pause's end. Undefined when nothing changes: closed, or a probe is
 * already under way (the resent delivery then waits for its outcome).
 */
export function circuitAfterResend(
  record: CircuitRecord,
  deliveryId: string,
  now: EpochMs,
): CircuitRecord | undefined {
  if (record.openedAt === null) return undefined;
  if (record.probeLeaseUntil !== null && record.probeLeaseUntil > now) return undefined;
  return { ...record, probeDeliveryId: deliveryId, probeLeaseUntil: null };
}

export function circuitSettingsProblem(settings: CircuitSettings): string | undefined {
  for (const key of ["failureThreshold", "cooldownMs", "maxCooldownMs"] as const) {
    const value = settings[key];
    if (!Number.isFinite(value) || value < 1) {
      return `voicehire-webhooks: circuit ${key} must be a positive number, got ${value}`;
    }
  }
  if (settings.maxCooldownMs < settings.cooldownMs) {
    return `voicehire-webhooks: circuit maxCooldownMs (${settings.maxCooldownMs}) must be at least cooldownMs (${settings.cooldownMs})`;
  }
  return undefined;
}
