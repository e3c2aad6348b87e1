/**
 * After retention, the embedded store gives the space it freed back to the filesystem (incremental
 * vacuum on files it made), keeping a reserve for the rows to come; a file made before keeps its size and
 * retention works on it as before. Real SQLite files, sizes read through a connection of their own.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/domain/logger.js";
import { defaultRetentionSettings, runRetentionOnce } from "../../src/retention/retention-runner.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { StoreUnavailableError } from "../../src/store/store-unavailable-error.js";
import { recordingLogger } from "../delivery/support/seed.js";
import { resultOf } from "../store/conformance/claim-fixtures.js";
import { publishOne, T0 } from "../store/conformance/fixtures.js";
import { claimedDeliveries } from "../support/claimed-deliveries.js";

const DAY = 86_400_000;
const HISTORY = 1_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function storeFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "vh-free-space-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, "store.sqlite");
}

async function openStore(file: string): Promise<Store> {
  const store = openSqliteStore({ file });
  cleanups.push(() => store.close());
  await store.migrate();
  return store;
}

/** `HISTORY` deliveries delivered at T0, and one published a day later, still pending. */
async function givenHistory(store: Store): Promise<string> {
  const { account, claimed } = await claimedDeliveries(store, {
    count: HISTORY,
    publishedAt: (i) => T0 + i,
    claimedAt: T0 + HISTORY,
    workerId: "w",
  });
  await store.recordAttemptResults(
    claimed.map((c) => resultOf("w", c, { startedAt: T0 + HISTORY, next: { status: "succeeded" } })),
  );
  await publishOne(store, account.id, "campaign.created", T0 + DAY);
  return account.id;
}

/** The file's pages in all and free ones, WAL content included. */
function pagesOf(file: string): { total: number; free: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      total: db.pragma("page_count", { simple: true }) as number,
      free: db.pragma("freelist_count", { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

const retentionOf = (store: Store) => ({
  store,
  clock: { now: () => T0 + 2 * DAY },
  logger: silentLogger,
  settings: { ...defaultRetentionSettings, maxAgeMs: 1.5 * DAY, pauseBetweenBatchesMs: 0 },
});

describe("retention gives the freed space back on SQLite", () => {
  it("shrinks a file the store made to what is left plus a reserve of an eighth", async () => {
    const file = await storeFile();
    const store = await openStore(file);
    const accountId = await givenHistory(store);
    const before = pagesOf(file);

    const summary = await runRetentionOnce(retentionOf(store));

    expect(summary.deliveries).toBe(HISTORY);
    const after = pagesOf(file);
    expect(summary.bytesReleased).toBeGreaterThan(0);
    expect(after.total).toBeLessThan(before.total / 2);
    expect(after.free).toBeLessThanOrEqual(Math.ceil((after.total - after.free) / 8) + 1);
    const left = await store.listDeliveries(accountId, { limit: 10 });
    expect(left.map((d) => d.status)).toEqual(["pending"]);
    // Nothing more to give back: the reserve stays.
    expect(await store.releaseFreeSpace(1 << 30)).toBe(0);
  });

  it("keeps the size of a file made before (not in incremental mode) and still deletes from it", async () => {
    const file = await storeFile();
    const older = new Database(file);
    older.exec("CREATE TABLE made_before (x INTEGER)");
    older.close();
    const store = await openStore(file);
    await givenHistory(store);
    const before = pagesOf(file);

    const summary = await runRetentionOnce(retentionOf(store));

    expect(summary).toMatchObject({ deliveries: HISTORY, bytesReleased: 0 });
    const after = pagesOf(file);
    expect(after.total).toBe(before.total);
    expect(after.free).toBeGreaterThan(before.free);
  });

  it("keeps the deletions and logs why when the space cannot be given back (a full disk)", async () => {
    const store = await openStore(await storeFile());
    await givenHistory(store);
    const full = Object.assign(Object.create(store) as Store, {
      releaseFreeSpace: async () => {
        throw new StoreUnavailableError("storage_full", { cause: new Error("database or disk is full") });
      },
    });
    const logger = recordingLogger();

    const summary = await runRetentionOnce({ ...retentionOf(full), logger });

    expect(summary).toMatchObject({ deliveries: HISTORY, bytesReleased: 0 });
    expect(logger.lines.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      "retention could not give the freed space back to the filesystem; the next run will try again",
    ]);
  });
});
