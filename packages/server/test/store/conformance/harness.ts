import { afterEach, beforeEach, it } from "vitest";
import type { CircuitSettings } from "../../../src/domain/circuit-rule.js";
import type { Store } from "../../../src/store/port.js";

export interface MakeStoreOptions {
  /** The circuit breaker's thresholds (the adapter's default otherwise). */
  readonly circuit?: CircuitSettings;
}

export interface MadeStore {
  readonly store: Store;
  cleanup(): Promise<void>;
  /** Another handle on the same database, as a second process would open it (closed by the caller). */
  openAnother(): Store;
}

/** Makes one new, empty store (never migrated, never shared) and a way to remove what it created. */
export type MakeStore = (options?: MakeStoreOptions) => Promise<MadeStore>;

export interface StoreHarness {
  /** The store of the running test. */
  readonly store: Store;
}

/** A fresh store per test: made and migrated before it, closed and cleaned up after it. */
export function useFreshStore(makeStore: MakeStore): StoreHarness {
  let current: Awaited<ReturnType<MakeStore>> | undefined;
  beforeEach(async () => {
    current = await makeStore();
    await current.store.migrate();
  });
  afterEach(async () => {
    const finished = current;
    current = undefined;
    if (finished === undefined) return;
    try {
      await finished.store.close();
    } finally {
      await finished.cleanup();
    }
  });
  return {
    get store() {
      if (current === undefined) throw new Error("conformance: the store is only available inside a test");
      return current.store;
    },
  };
}

/**
 * `it` whose tests take a fresh store as `{ store }`: made and migrated before the test, closed and
 * cleaned up after it, whatever the test did.
 */
export function itWithFreshStore(makeStore: MakeStore) {
  return it.extend<{ store: Store }>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads from this pattern which fixtures this one needs
    store: async ({}, use) => {
      const made = await makeStore();
      try {
        await made.store.migrate();
        await use(made.store);
      } finally {
        try {
          await made.store.close();
        } finally {
          await made.cleanup();
        }
      }
    },
  });
}
