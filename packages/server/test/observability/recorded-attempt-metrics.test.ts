import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createResultRecorder, type ResultRecorder } from "../../src/delivery/result-recorder.js";
import {
  createServiceObservability,
  type ServiceObservability,
} from "../../src/observability/service-observability.js";
import type { AttemptResult, Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { recordingLogger } from "../delivery/support/seed.js";
import { waitFor } from "../delivery/support/wait-for.js";
import { claimAll, resultOf } from "../store/conformance/claim-fixtures.js";
import { givenOnePendingDelivery, T0 } from "../store/conformance/fixtures.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

/**
 * The service counts attempts where the worker records them: its recorder reports each written group
 * to `countAttempts`, the hook the composition root gives the worker (`onAttemptsRecorded`).
 */
describe("attempt metrics counted by the worker's recorder", () => {
  let dir = "";
  let store: Store;
  let observability: ServiceObservability;
  let recorder: ResultRecorder | undefined;
  /** While true, writes of attempt results fail like a lost connection (the store stays real otherwise). */
  let writesFail = false;
  let failedWrites = 0;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "vh-attempt-metrics-"));
    store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
    await store.migrate();
    observability = createServiceObservability({
      store,
      clock: { now: () => T0 },
      runsWorkers: true,
      metricsToken: null,
    });
    writesFail = false;
    failedWrites = 0;
  });
  afterEach(async () => {
    recorder?.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const scrape = async () =>
    parsePrometheus(await observability.metrics.render({ now: T0, queue: null, openCircuits: null }));

  function record(result: AttemptResult): { readonly written: AttemptResult[] } {
    const written: AttemptResult[] = [];
    recorder = createResultRecorder({
      store: {
        async recordAttemptResults(results) {
          if (writesFail) {
            failedWrites++;
            throw new Error("Connection terminated unexpectedly");
          }
          return store.recordAttemptResults(results);
        },
        nextDueAt: () => store.nextDueAt(),
      },
      logger: recordingLogger(),
      maxDelayMs: 1,
      maxBatch: 8,
      countRecorded: (results) => observability.countAttempts(results),
      onRecorded: (results) => written.push(...results),
      onDropped: (results) => written.push(...results),
    });
    recorder.add(result);
    return { written };
  }

  async function claimedOne() {
    const pending = await givenOnePendingDelivery(store);
    const [claimed] = await claimAll(store, "w1", T0);
    if (claimed === undefined) throw new Error("nothing claimed");
    return { ...pending, claimed };
  }

  it("counts the attempt results recorded, and records them in the store", async () => {
    const { account, deliveryId, claimed } = await claimedOne();
    const { written } = record(
      resultOf("w1", claimed, {
        startedAt: T0,
        statusCode: 502,
        errorKind: "http_status",
        next: { status: "failed" },
      }),
    );
    await waitFor("the result to be recorded", () => written.length === 1);

    expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
      status: "failed",
      lastStatusCode: 502,
    });
    const parsed = await scrape();
    expect(parsed.value("voicehire_attempts_total", { outcome: "failed", error_kind: "http_status" })).toBe(
      1,
    );
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "failed" })).toBe(1);
    expect(parsed.value("voicehire_attempt_duration_seconds_count")).toBe(1);
  });

  it("counts nothing while the write fails, and once when it is retried", async () => {
    const { claimed } = await claimedOne();
    const succeeded = { outcome: "succeeded", error_kind: "none" };
    writesFail = true;
    const { written } = record(resultOf("w1", claimed, { startedAt: T0, next: { status: "succeeded" } }));
    await waitFor("a write to fail", () => failedWrites >= 1);
    expect((await scrape()).value("voicehire_attempts_total", succeeded)).toBeUndefined();
    expect(recorder?.pendingCount()).toBe(1);

    writesFail = false;
    await waitFor("the result to be recorded on retry", () => written.length === 1);
    expect(recorder?.pendingCount()).toBe(0);
    expect((await scrape()).value("voicehire_attempts_total", succeeded)).toBe(1);
  });

  it("counts an attempt whose delivery was deleted while it was in flight (it was made)", async () => {
    const { account, deliveryId, claimed } = await claimedOne();
    const endpoint = await store.getDelivery(account.id, deliveryId);
    if (endpoint === undefined) throw new Error("no delivery");
    await store.deleteEndpoint(account.id, endpoint.endpointId, T0);
    expect((await store.deleteExpired({ olderThan: Date.now() + 1, batchSize: 10 })).deliveries).toBe(1);
    const { written } = record(resultOf("w1", claimed, { startedAt: T0, next: { status: "succeeded" } }));
    await waitFor("the result to be dropped", () => written.length === 1);
    expect(
      (await scrape()).value("voicehire_attempts_total", { outcome: "succeeded", error_kind: "none" }),
    ).toBe(1);
  });
});
