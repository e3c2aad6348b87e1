import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/port.js";
import type { StorageRoom } from "../store/storage-room-guard.js";
import type { ReadinessCheck } from "./readiness.js";

/**
 * `store`: the store answers a read of the delivery queue, which needs a live connection and the
 * schema's tables (a database that was never migrated fails it).
 */
export function storeReachableCheck(store: Pick<Store, "queueStats">, clock: Clock): ReadinessCheck {
  return {
    name: "store",
    async run() {
      await store.queueStats(clock.now());
      return { ok: true };
    },
  };
}

/**
 * `migrations`: this process applied the store's migrations (`store.migrate()` resolved). The composition
 * root sets the flag once they are applied; until then the process is not ready.
 */
export function migrationsAppliedCheck(applied: () => boolean): ReadinessCheck {
  return {
    name: "migrations",
    run: () =>
      applied() ? { ok: true } : { ok: false, reason: "the store's migrations have not been applied yet" },
  };
}

/** `workers`: the delivery workers of this process are running (started and not stopping). */
export function workersRunningCheck(running: () => boolean): ReadinessCheck {
  return {
    name: "workers",
    run: () => (running() ? { ok: true } : { ok: false, reason: "the delivery workers are not running" }),
  };
}

/** `storage`: the store has room for what it accepts; not ready, with why, while publishing is refused. */
export function storageRoomCheck(room: StorageRoom): ReadinessCheck {
  return {
    name: "storage",
    async run() {
      const problem = await room.problem();
      return problem === undefined ? { ok: true } : { ok: false, reason: problem };
    },
  };
}
