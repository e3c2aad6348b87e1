import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { claimAll, claimUpTo, resultOf } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, publishEvents, T0 } from "./conformance/fixtures.js";

/**
 * Leases on the embedded store (migration 014): a claim writes into the room the publish left for it,
 * so the pages the publish packed are not split, and a worker's number in `lease_owners` is its own
 * across every connection to the file.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openOn(file: string): Promise<Store> {
  const store = openSqliteStore({ file, synchronous: "normal" });
  await store.migrate();
  cleanups.push(() => store.close());
  return store;
}

function newFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "vh-lease-room-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "store.sqlite");
}

/** Leaf and interior pages of the deliveries table itself (not its indexes). */
function deliveryPages(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM dbstat WHERE name = 'deliveries'").pluck().get() as number;
  } finally {
    db.close();
  }
}

describe("leases on the embedded store", () => {
  it("claiming every delivery of a packed table leaves its pages as they were", async () => {
    const file = newFile();
    const store = await openOn(file);
    const account = await givenAccount(store);
    for (let k = 0; k < 4; k++) await givenEndpoint(store, account.id, ["campaign.created"]);
    for (let batch = 0; batch < 20; batch++) {
      const events = Array.from({ length: 100 }, () => newEvent("campaign.created"));
      const outcome = await publishEvents(store, account.id, events, T0 + batch);
      expect(outcome.kind).toBe("published");
    }
    const published = deliveryPages(file);

    // 8,000 deliveries claimed by a worker whose id is as long as a real one (host:pid:hex).
    const workerId = "worker-host-01.example.internal:123456:89abcdef";
    let claimed = 0;
    for (let round = 0; round < 8; round++) {
      claimed += (await claimUpTo(store, workerId, T0 + 1_000, 1_000)).length;
    }
    expect(claimed).toBe(8_000);
    // A claim that wrote the worker's id split a third of the pages here (509 instead of 383); one that
    // wrote a 1-byte number into a row without room for it, one page in seven.
    expect(deliveryPages(file)).toBeLessThanOrEqual(published);
  });

  it("gives each worker a number of its own across the connections to one file", async () => {
    const file = newFile();
    const first = await openOn(file);
    const second = await openOn(file);
    const account = await givenAccount(first);
    await givenEndpoint(first, account.id, ["campaign.created"]);
    await publishEvents(first, account.id, [newEvent("campaign.created"), newEvent("campaign.created")]);

    const [a] = await claimUpTo(first, "worker-a", T0 + 1, 1);
    const [b] = await claimUpTo(second, "worker-b", T0 + 1, 1);
    expect(a && b && a.deliveryId !== b.deliveryId).toBe(true);
    if (a === undefined || b === undefined) return;

    // worker-b's result for worker-a's delivery is stale on either connection: the lease is a's.
    await second.recordAttemptResults([
      resultOf("worker-b", a, { startedAt: T0 + 2, next: { status: "succeeded" } }),
    ]);
    expect((await first.getDelivery(account.id, a.deliveryId))?.status).toBe("pending");
    await first.recordAttemptResults([
      resultOf("worker-a", a, { startedAt: T0 + 2, next: { status: "succeeded" } }),
    ]);
    await second.recordAttemptResults([
      resultOf("worker-b", b, { startedAt: T0 + 2, next: { status: "succeeded" } }),
    ]);
    expect((await second.getDelivery(account.id, a.deliveryId))?.status).toBe("succeeded");
    expect((await first.getDelivery(account.id, b.deliveryId))?.status).toBe("succeeded");

    // A worker that gives its leases back on one connection frees them for the other.
    await publishEvents(first, account.id, [newEvent("campaign.created")], T0 + 3);
    const [c] = await claimAll(first, "worker-a", T0 + 4);
    expect(c).toBeDefined();
    expect(await claimAll(second, "worker-b", T0 + 4)).toEqual([]);
    await first.releaseLeases("worker-a");
    expect((await claimAll(second, "worker-b", T0 + 4)).map((d) => d.deliveryId)).toEqual([c?.deliveryId]);
  });
});
