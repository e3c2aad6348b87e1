import { performance } from "node:perf_hooks";
import type { Store } from "../../../src/store/port.js";

/** How often a worker went to the store, by kind of call, and how long the calls took. */
export interface StoreCalls {
  claims: number;
  resultWrites: number;
  dueReads: number;
  /**
   * Milliseconds spent inside claims and result writes until each call handed back its promise: on the
   * embedded store that is the whole statement work (better-sqlite3 is synchronous), on PostgreSQL only
   * the sending of the query.
   */
  claimMs: number;
  resultWriteMs: number;
}

function timed<T>(work: () => T, add: (ms: number) => void): T {
  const startedAt = performance.now();
  try {
    return work();
  } finally {
    add(performance.now() - startedAt);
  }
}

/** The real store, counting the calls a worker's loop makes: claims, group commits, due-time reads. */
export function countingStore(store: Store): { readonly counted: Store; readonly calls: StoreCalls } {
  const calls: StoreCalls = { claims: 0, resultWrites: 0, dueReads: 0, claimMs: 0, resultWriteMs: 0 };
  const counted: Store = {
    ...store,
    claimDueDeliveries(input) {
      calls.claims++;
      return timed(
        () => store.claimDueDeliveries(input),
        (ms) => {
          calls.claimMs += ms;
        },
      );
    },
    recordAttemptResults(results) {
      calls.resultWrites++;
      return timed(
        () => store.recordAttemptResults(results),
        (ms) => {
          calls.resultWriteMs += ms;
        },
      );
    },
    nextDueAt() {
      calls.dueReads++;
      return store.nextDueAt();
    },
  };
  return { counted, calls };
}
