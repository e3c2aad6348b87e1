import type { Store } from "../store/port.js";
import type { ServiceMetrics } from "./service-metrics.js";

/**
 * The store, counting every attempt result the workers record through it (outcome, error kind,
 * latency, next state), without touching the worker. Results are counted once their write succeeded,
 * so a group commit that is retried is not counted twice. Every other member is the store's own
 * (extra members of an adapter, like PostgreSQL's `listenForWork`, included).
 */
export function observeStore<S extends Store>(store: S, metrics: Pick<ServiceMetrics, "recordAttempt">): S {
  const recordAttemptResults: Store["recordAttemptResults"] = async (results) => {
    const recorded = await store.recordAttemptResults(results);
    // The write is durable: nothing here may make it look failed (the worker would record it again).
    try {
      for (const result of results) metrics.recordAttempt(result);
    } catch {
      // a metric lost, never a delivery
    }
    return recorded;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === "recordAttemptResults") return recordAttemptResults;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
