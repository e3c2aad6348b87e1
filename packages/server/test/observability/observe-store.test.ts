import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { observeStore } from "../../src/observability/observe-store.js";
import { createServiceMetrics, type ServiceMetrics } from "../../src/observability/service-metrics.js";
import type { ClaimedDelivery, Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { claimAll, resultOf } from "../store/conformance/claim-fixtures.js";
import { givenOnePendingDelivery, T0 } from "../store/conformance/fixtures.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

/** The one pending delivery, claimed by worker w1 at T0. */
async function claimTheOne(store: Store): Promise<ClaimedDelivery> {
  const [claimed] = await claimAll(store, "w1", T0);
  if (claimed === undefined) throw new Error("nothing claimed");
  return claimed;
}

describe("observeStore", () => {
  let dir = "";
  let store: Store;
  let metrics: ServiceMetrics;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "vh-observe-store-"));
    store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
    await store.migrate();
    metrics = createServiceMetrics();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const scrape = async () =>
    parsePrometheus(await metrics.render({ now: T0, queue: null, openCircuits: null }));

  it("counts the attempt results recorded through it, and records them in the store", async () => {
    const observed = observeStore(store, metrics);
    const { account, deliveryId } = await givenOnePendingDelivery(observed);
    const claimed = await claimTheOne(observed);
    const badGateway = { startedAt: T0, statusCode: 502, errorKind: "http_status" } as const;
    await observed.recordAttemptResults([
      resultOf("w1", claimed, { ...badGateway, next: { status: "failed" } }),
    ]);

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

  it("counts nothing when the write fails (a group commit retried later is counted once)", async () => {
    const observed = observeStore(store, metrics);
    await givenOnePendingDelivery(observed);
    const claimed = await claimTheOne(observed);
    const result = resultOf("w1", claimed, { startedAt: T0, next: { status: "succeeded" } });
    // The same attempt id twice: the primary key refuses the second row and the transaction rolls back.
    await expect(observed.recordAttemptResults([result, result])).rejects.toThrow(/UNIQUE|PRIMARY/);
    expect(
      (await scrape()).value("voicehire_attempts_total", { outcome: "succeeded", error_kind: "none" }),
    ).toBeUndefined();

    await observed.recordAttemptResults([result]);
    expect(
      (await scrape()).value("voicehire_attempts_total", { outcome: "succeeded", error_kind: "none" }),
    ).toBe(1);
  });

  it("leaves every other member to the store, extra members of an adapter included", async () => {
    const withExtra = Object.assign(Object.create(null) as object, store, { schema: "voicehire" });
    const observed = observeStore(withExtra as Store & { schema: string }, metrics);
    expect(observed.schema).toBe("voicehire");
    await givenOnePendingDelivery(observed);
    expect(await observed.queueStats(T0)).toEqual({ pending: 1, due: 1, oldestDueAt: T0, leased: 0 });
    expect(await observed.countDeliveriesByStatus()).toEqual({ pending: 1, succeeded: 0, failed: 0 });
  });
});
