import { afterEach, beforeEach } from "vitest";
import type { Store } from "../../../src/store/port.js";

/** Makes one new, empty store (never migrated, never shared) and a way to remove what it created. */
export type MakeStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

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
