/**
 * The guard of the store's room (`guardStorageRoom`), on a real embedded store whose reading of the
 * room left is set by the test: publishing and claiming stop at their headrooms and resume as soon as
 * room returns; where the engine cannot tell (PostgreSQL), a write refused for want of space marks the
 * store full until a write succeeds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { StorageUsage, Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { guardStorageRoom } from "../../src/store/storage-room-guard.js";
import { isStoreUnavailable, StoreUnavailableError } from "../../src/store/store-unavailable-error.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

const MIB = 1024 * 1024;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function givenStore(
  usage: () => StorageUsage,
  overrides: (real: Store) => Partial<Store> = () => ({}),
) {
  const dir = mkdtempSync(join(tmpdir(), "vh-room-"));
  const real = openSqliteStore({ file: join(dir, "voicehire.sqlite") });
  cleanups.push(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await real.migrate();
  const account = await givenAccount(real);
  await givenEndpoint(real, account.id, ["campaign.created"]);
  const observed: Store = { ...real, storageUsage: async () => usage(), ...overrides(real) };
  const guarded = guardStorageRoom(observed, {
    publishHeadroomBytes: 16 * MIB,
    claimHeadroomBytes: 8 * MIB,
    usageCacheMs: 0,
  });
  const input = () => ({
    accountId: account.id,
    idempotencyKey: null,
    events: [newEvent("campaign.created")],
    campaignId: null,
    now: T0,
  });
  const publish = () => guarded.store.publish(input());
  /** How the API publishes (group commit, batches). */
  const publishMany = () => guarded.store.publishMany([input(), input()]);
  return { ...guarded, publish, publishMany };
}

describe("the store's room", () => {
  it("stops publishing below its headroom and claiming below its own, and resumes with room", async () => {
    let available = 12 * MIB;
    const { store, room, publish, publishMany } = await givenStore(() => ({
      usedBytes: MIB,
      availableBytes: available,
    }));
    for (const refusedWrite of [publish, publishMany, () => room.refuseWithoutRoom()]) {
      const refused = await refusedWrite().catch((error: unknown) => error);
      expect(isStoreUnavailable(refused) && refused.reason).toBe("storage_full");
    }
    expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
    expect(await room.problem()).toMatch(/only 12\.0 MiB left for the store, below the 16\.0 MiB/);

    available = 20 * MIB;
    expect(await room.problem()).toBeUndefined();
    await room.refuseWithoutRoom();
    await publishMany();
    await claimAll(store, "w", T0);
    await publish();
    available = 12 * MIB; // short for publishing, enough for the work already accepted
    expect(await claimAll(store, "w", T0)).toHaveLength(1);

    await publish().catch(() => {});
    available = 20 * MIB;
    await publish();
    available = 4 * MIB; // too short to record what a claim would send: nothing is taken
    expect(await claimAll(store, "w", T0)).toEqual([]);
    available = 9 * MIB;
    expect(await claimAll(store, "w", T0)).toHaveLength(1);
  });

  it("without a reading of the room, a refused write marks the store full until a write succeeds", async () => {
    let full = true;
    const refusal = new StoreUnavailableError("storage_full", {
      cause: new Error("53100 could not extend file"),
    });
    const guarded = await givenStore(
      () => ({ usedBytes: MIB, availableBytes: null }),
      (real) => ({
        publish: async (input) => {
          if (full) throw refusal;
          return real.publish(input);
        },
      }),
    );
    expect(await guarded.room.problem()).toBeUndefined();
    await guarded.room.refuseWithoutRoom();
    await expect(guarded.publish()).rejects.toBe(refusal);
    expect(await guarded.room.problem()).toMatch(/refused a write for want of space.*53100/);
    // What acts before it writes (the Tester) is refused from then on, before acting.
    await expect(guarded.room.refuseWithoutRoom()).rejects.toMatchObject({ reason: "storage_full" });
    full = false;
    await guarded.publish();
    expect(await guarded.room.problem()).toBeUndefined();
    await guarded.room.refuseWithoutRoom();
  });
});
