import type { Store } from "../../../src/store/port.js";

/** How often a worker went to the store, by kind of call. */
export interface StoreCalls {
  claims: number;
  resultWrites: number;
  dueReads: number;
}

/** The real store, counting the calls a worker's loop makes: claims, group commits, due-time reads. */
export function countingStore(store: Store): { readonly counted: Store; readonly calls: StoreCalls } {
  const calls: StoreCalls = { claims: 0, resultWrites: 0, dueReads: 0 };
  const counted: Store = {
    ...store,
    claimDueDeliveries(input) {
      calls.claims++;
      return store.claimDueDeliveries(input);
    },
    recordAttemptResults(results) {
      calls.resultWrites++;
      return store.recordAttemptResults(results);
    },
    nextDueAt() {
      calls.dueReads++;
      return store.nextDueAt();
    },
  };
  return { counted, calls };
}
