import type { EpochMs } from "../domain/types.js";

/**
 * A circuit breaker per endpoint, so the worker stops hammering an endpoint that keeps failing and
 * probes it to see whether it recovered (Convoy's design, in-process).
 *
 * - closed: attempts flow; `failureThreshold` failed attempts in a row open it.
 * - open: no attempt until the cool-down ends (`cooldownMs` the first time, doubled after each failed
 *   probe up to `maxCooldownMs`); the endpoint's deliveries wait, pending, without using their attempts.
 * - half-open: the cool-down ended and one probe attempt was let through; its success closes the
 *   circuit, its failure opens it again for a longer cool-down.
 *
 * The state lives in memory, in one worker process: each process (and each worker in it) learns about
 * an endpoint from its own attempts. Time is passed in (`now`), never read.
 */
export interface CircuitBreaker {
  /**
   * Whether an attempt to the endpoint may start now. A circuit whose cool-down ended admits exactly one
   * attempt (the probe) and becomes half-open; until its outcome, nothing else is admitted.
   */
  tryAdmit(endpointId: string, now: EpochMs): boolean;
  /** An admitted attempt ended without an outcome (never sent): a probe may be admitted again. */
  abandon(endpointId: string, now: EpochMs): void;
  /** The outcome of an attempt to the endpoint; answers the transition it caused, if any. */
  recordOutcome(endpointId: string, succeeded: boolean, now: EpochMs): CircuitTransition | undefined;
  /** Endpoints that would admit nothing now: cooling down, or half-open with their probe under way. */
  blockedEndpointIds(now: EpochMs): string[];
  /** Endpoints whose circuit is not closed (open or half-open). */
  openEndpointIds(): string[];
  /** When the earliest cool-down ends (a probe becomes possible); undefined when none is cooling down. */
  nextProbeAt(): EpochMs | undefined;
  /** Forgets an endpoint (e.g. disabled or deleted). */
  forget(endpointId: string): void;
}

export type CircuitTransition =
  | { readonly kind: "opened"; readonly cooldownMs: number; readonly probeAt: EpochMs }
  | { readonly kind: "closed" };

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly maxCooldownMs: number;
}

type CircuitState =
  | { readonly kind: "closed"; readonly failures: number }
  | { readonly kind: "open"; readonly probeAt: EpochMs; readonly cooldownMs: number }
  | { readonly kind: "half-open"; readonly cooldownMs: number };

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  /** Closed circuits without failures are not kept: an endpoint absent here is closed. */
  const circuits = new Map<string, CircuitState>();

  function open(endpointId: string, cooldownMs: number, now: EpochMs): CircuitTransition {
    const bounded = Math.min(cooldownMs, options.maxCooldownMs);
    const probeAt = now + bounded;
    circuits.set(endpointId, { kind: "open", probeAt, cooldownMs: bounded });
    return { kind: "opened", cooldownMs: bounded, probeAt };
  }

  return {
    tryAdmit(endpointId, now) {
      const state = circuits.get(endpointId);
      if (state === undefined || state.kind === "closed") return true;
      if (state.kind === "half-open" || now < state.probeAt) return false;
      circuits.set(endpointId, { kind: "half-open", cooldownMs: state.cooldownMs });
      return true;
    },
    abandon(endpointId, now) {
      const state = circuits.get(endpointId);
      if (state?.kind === "half-open") {
        circuits.set(endpointId, { kind: "open", probeAt: now, cooldownMs: state.cooldownMs });
      }
    },
    recordOutcome(endpointId, succeeded, now) {
      const state = circuits.get(endpointId) ?? { kind: "closed", failures: 0 };
      if (succeeded) {
        circuits.delete(endpointId);
        return state.kind === "closed" ? undefined : { kind: "closed" };
      }
      switch (state.kind) {
        case "closed": {
          const failures = state.failures + 1;
          if (failures >= options.failureThreshold) return open(endpointId, options.cooldownMs, now);
          circuits.set(endpointId, { kind: "closed", failures });
          return undefined;
        }
        case "half-open":
          return open(endpointId, state.cooldownMs * 2, now);
        case "open":
          return undefined; // an attempt started before the circuit opened: already counted in
      }
    },
    blockedEndpointIds(now) {
      const blocked: string[] = [];
      for (const [endpointId, state] of circuits) {
        if (state.kind === "half-open" || (state.kind === "open" && now < state.probeAt))
          blocked.push(endpointId);
      }
      return blocked;
    },
    openEndpointIds() {
      return [...circuits].filter(([, state]) => state.kind !== "closed").map(([endpointId]) => endpointId);
    },
    nextProbeAt() {
      let earliest: EpochMs | undefined;
      for (const state of circuits.values()) {
        if (state.kind === "open" && (earliest === undefined || state.probeAt < earliest))
          earliest = state.probeAt;
      }
      return earliest;
    },
    forget(endpointId) {
      circuits.delete(endpointId);
    },
  };
}
