import { describe, it } from "vitest";
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

/** Declares a test whose body takes the store made for it. */
export type StoreTest = (title: string, body: (store: Store) => Promise<void>) => void;

/**
 * `it` for tests that each take a fresh store: made and migrated before the test, closed and cleaned
 * up after it, whatever the test did.
 */
export function itWithFreshStore(makeStore: MakeStore): StoreTest {
  const withStore = it.extend<{ store: Store }>({
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
  return (title, body) => withStore(title, ({ store }) => body(store));
}

/** `describe(title)` whose tests each take a fresh store (see `itWithFreshStore`). */
export function describeWithFreshStores(
  title: string,
  makeStore: MakeStore,
  tests: (it: StoreTest) => void,
): void {
  describe(title, () => tests(itWithFreshStore(makeStore)));
}
