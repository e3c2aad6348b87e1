import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Clock } from "../../../src/domain/clock.js";
import type { ApiObservability } from "../../../src/observability/api-observability.js";
import type { Store } from "../../../src/store/port.js";
import { openSqliteStore } from "../../../src/store/sqlite/index.js";
import { createAccountWithKey } from "../../support/account-with-key.js";
import { afterEachTest } from "../../support/after-each-test.js";
import { createQuietApi } from "../../support/quiet-api.js";

export interface ObservedApi {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: Clock & { advance(ms: number): void };
  /** Headers of a request by the test account. */
  readonly auth: { readonly authorization: string };
  readonly apiKey: string;
  close(): Promise<void>;
}

/** The real API (in-process) on a real SQLite file, with one account and key; `observability` as given. */
export async function startObservedApi(
  observability?: (store: Store, clock: Clock) => ApiObservability,
): Promise<ObservedApi> {
  const dir = mkdtempSync(join(tmpdir(), "vh-observability-"));
  const store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
  await store.migrate();
  let time = Date.UTC(2024, 0, 15, 10, 30);
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const { apiKey, auth } = await createAccountWithKey({ store, clock }, "Observed");
  const app = createQuietApi({
    store,
    clock,
    ...(observability === undefined ? {} : { observability: observability(store, clock) }),
  });
  await app.ready();
  return {
    app,
    store,
    clock,
    apiKey,
    auth,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers an `afterEach` closing every API the test started; answers the function starting one. */
export function observedApisClosedAfterEach(): typeof startObservedApi {
  const teardown = afterEachTest();
  return async (observability) => {
    const api = await startObservedApi(observability);
    teardown.later(() => api.close());
    return api;
  };
}
