/**
 * The retention runner: runs of batches over a real SQLite store (bounded per run, resumed by the next),
 * and the service wiring: an API process deletes expired deliveries by itself, on its interval.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../src/app/start-service.js";
import { resolveServiceConfig } from "../../src/config/service-config.js";
import { silentLogger } from "../../src/domain/logger.js";
import {
  defaultRetentionSettings,
  runRetentionOnce,
  startRetentionRunner,
} from "../../src/retention/retention-runner.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { resultOf } from "../store/conformance/claim-fixtures.js";
import { givenAccount, publishOne, T0 } from "../store/conformance/fixtures.js";
import { claimedDeliveries } from "../support/claimed-deliveries.js";
import { waitFor } from "../support/wait-for.js";

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "vh-retention-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * `count` deliveries published and delivered at `at`, plus one delivery published at T0 that stays
 * pending (its lease never ends, so later claims leave it alone).
 */
async function givenHistory(store: Store, count: number, at: number): Promise<{ accountId: string }> {
  const { account, claimed } = await claimedDeliveries(store, {
    count,
    publishedAt: (i) => at + i,
    claimedAt: at + count,
    workerId: "w",
  });
  await store.recordAttemptResults(
    claimed.map((c) => resultOf("w", c, { startedAt: at + count, next: { status: "succeeded" } })),
  );
  await publishOne(store, account.id, "campaign.created", T0);
  await store.claimDueDeliveries({ workerId: "stuck", now: T0, leaseMs: 100_000 * DAY, limit: 1 });
  return { accountId: account.id };
}

/** A migrated SQLite store in a temp dir, closed after the test, holding `givenHistory(count, T0)`. */
async function storeWithHistory(count: number): Promise<Store> {
  const dir = await tempDir();
  const store = openSqliteStore({ file: join(dir, "store.sqlite") });
  cleanups.push(() => store.close());
  await store.migrate();
  await givenHistory(store, count, T0);
  return store;
}

describe("runRetentionOnce", () => {
  it("deletes in batches up to maxBatchesPerRun, says it is unfinished, and the next run goes on", async () => {
    const store = await storeWithHistory(5);
    const deps = {
      store,
      clock: { now: () => T0 + 31 * DAY },
      logger: silentLogger,
      settings: { ...defaultRetentionSettings, batchSize: 2, maxBatchesPerRun: 2, pauseBetweenBatchesMs: 0 },
    };

    const first = await runRetentionOnce(deps);
    expect(first).toMatchObject({
      olderThan: T0 + DAY,
      batches: 2,
      deliveries: 4,
      attempts: 4,
      unfinished: true,
    });
    const second = await runRetentionOnce(deps);
    expect(second).toMatchObject({ batches: 1, deliveries: 1, unfinished: false });
    expect(await store.countDeliveriesByStatus()).toEqual({ pending: 1, succeeded: 0, failed: 0 });
  });

  it("deletes the dashboard sessions past their expiry, and only those", async () => {
    const store = await storeWithHistory(0);
    const account = await givenAccount(store);
    const session = (id: string, expiresAt: number) => ({
      id,
      accountId: account.id,
      keyHash: "0".repeat(64),
      createdAt: T0,
      expiresAt,
    });
    const now = T0 + 31 * DAY;
    await store.createDashboardSession(session("ses_expired", now - 1));
    await store.createDashboardSession(session("ses_live", now + DAY));
    const summary = await runRetentionOnce({
      store,
      clock: { now: () => now },
      logger: silentLogger,
      settings: defaultRetentionSettings,
    });
    expect(summary.dashboardSessions).toBe(1);
    // Asked as of before its expiry, the expired one is gone: deleted, not merely past its time.
    expect(await store.findDashboardSession("ses_expired", T0)).toBeUndefined();
    expect(await store.findDashboardSession("ses_live", T0)).toMatchObject({ id: "ses_live" });
  });

  it("stops between batches once its signal aborts", async () => {
    const store = await storeWithHistory(4);
    const stop = new AbortController();
    const counting: Pick<Store, "deleteExpired" | "deleteExpiredDashboardSessions"> = {
      deleteExpiredDashboardSessions: (now) => store.deleteExpiredDashboardSessions(now),
      async deleteExpired(input) {
        const batch = await store.deleteExpired(input);
        stop.abort(); // a shutdown arriving during the first batch
        return batch;
      },
    };
    const summary = await runRetentionOnce(
      {
        store: counting,
        clock: { now: () => T0 + 31 * DAY },
        logger: silentLogger,
        settings: { ...defaultRetentionSettings, batchSize: 1 },
      },
      stop.signal,
    );
    expect(summary).toMatchObject({ batches: 1, deliveries: 1, unfinished: true });
  });

  it("the periodic runner runs on its interval, and runNow joins a run in progress", async () => {
    const store = await storeWithHistory(3);
    const runner = startRetentionRunner({
      store,
      clock: { now: () => T0 + 31 * DAY },
      logger: silentLogger,
      settings: { ...defaultRetentionSettings, firstRunAfterMs: 10, intervalMs: 10 },
    });
    cleanups.push(() => runner.stop());
    await waitFor(
      "the first periodic run",
      async () => (await store.countDeliveriesByStatus()).succeeded === 0,
      5_000,
    );
    const [a, b] = [runner.runNow(), runner.runNow()];
    expect(a).toBe(b);
    expect((await a).deliveries).toBe(0);
  });
});

describe("retention in the service", () => {
  async function start(dataDir: string, env: Record<string, string>): Promise<RunningService> {
    // No workers: the seeded endpoints point at hooks.example.com, and nothing may leave this machine.
    const config = resolveServiceConfig(
      { dev: true, dataDir, port: "0", host: "127.0.0.1", workers: false },
      env,
    );
    const service = await startService(config, { logger: silentLogger, print: () => {} });
    cleanups.push(() => service.stop());
    return service;
  }

  it("an API process deletes expired deliveries by itself and keeps recent and pending ones", async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, "voicehire.sqlite");
    const seeded = openSqliteStore({ file });
    await seeded.migrate();
    const now = Date.now();
    await givenHistory(seeded, 3, now - 3 * DAY); // expired with a 2-day retention
    const recent = await givenHistory(seeded, 2, now - DAY);
    await seeded.close();

    await start(dataDir, { VOICEHIRE_RETENTION: "2d", VOICEHIRE_RETENTION_INTERVAL: "50ms" });
    const reader = openSqliteStore({ file });
    cleanups.push(() => reader.close());
    await waitFor(
      "the service to expire the old deliveries",
      async () => (await reader.countDeliveriesByStatus()).succeeded === 2,
      10_000,
    );
    expect(await reader.countDeliveriesByStatus()).toEqual({ pending: 2, succeeded: 2, failed: 0 });
    expect((await reader.listDeliveries(recent.accountId, { limit: 10, status: "succeeded" })).length).toBe(
      2,
    );
  });
});
