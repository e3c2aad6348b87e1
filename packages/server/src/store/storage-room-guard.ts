import { classifyStoreErrors } from "./classify-store-errors.js";
import type { StorageUsage, Store } from "./port.js";
import { StoreUnavailableError } from "./store-unavailable-error.js";

export interface StorageRoomSettings {
  /**
   * Publishing is refused (503 `storage_full`) while the store has less room than this: what is left
   * records the attempts of what was already accepted. Default 16 MiB.
   */
  readonly publishHeadroomBytes: number;
  /**
   * Workers take no new work while less than this is left: an attempt they could not record would be
   * sent again later. Default: half the publish headroom (8 MiB).
   */
  readonly claimHeadroomBytes: number;
  /** One reading of the store's usage serves the calls of this many milliseconds. Default 100. */
  readonly usageCacheMs: number;
  /** Monotonic milliseconds. Default `performance.now`. */
  readonly now: () => number;
}

const MIB = 1024 * 1024;
/** The publish headroom when the deployment sets none (`VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES`). */
export const DEFAULT_PUBLISH_HEADROOM_BYTES = 16 * MIB;

/**
 * The claim headroom when none is set: half the publish one, so that while publishing is refused the
 * workers still have room to deliver (and record) what was accepted before.
 */
export function defaultClaimHeadroomBytes(publishHeadroomBytes: number): number {
  return Math.floor(publishHeadroomBytes / 2);
}

const DEFAULTS: StorageRoomSettings = {
  publishHeadroomBytes: DEFAULT_PUBLISH_HEADROOM_BYTES,
  claimHeadroomBytes: defaultClaimHeadroomBytes(DEFAULT_PUBLISH_HEADROOM_BYTES),
  usageCacheMs: 100,
  now: () => performance.now(),
};

export interface StorageRoom {
  /** Why the store is short of room now (publishing refused, not ready), or undefined. */
  problem(): Promise<string | undefined>;
  /**
   * Throws the publishes' `storage_full` refusal (a `StoreUnavailableError`) while `problem` has one:
   * for work that acts before it writes (the Tester sends, then records its attempt), so that it is
   * refused before acting instead of failing once it has acted.
   */
  refuseWithoutRoom(): Promise<void>;
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * The store, refusing in time the writes that would fill it. Where the engine says how much room is
 * left (SQLite), publishing stops below `publishHeadroomBytes` and claiming below `claimHeadroomBytes`,
 * so every delivery sent can still be recorded; both resume as soon as room returns. Where it does not
 * (PostgreSQL), a write refused for want of space marks the store full until a write succeeds.
 */
export function guardStorageRoom<S extends Store>(
  store: S,
  options: Partial<StorageRoomSettings> = {},
): { readonly store: S; readonly room: StorageRoom } {
  const settings = { ...DEFAULTS, ...options };
  let refusal: string | undefined;
  /** False once the engine answered it cannot tell its room: writes then go straight to it. */
  let measurable = true;
  let reading: { readonly at: number; readonly usage: Promise<StorageUsage> } | undefined;

  function usage(): Promise<StorageUsage> {
    const now = settings.now();
    if (reading === undefined || now - reading.at >= settings.usageCacheMs) {
      const read = store.storageUsage();
      reading = { at: now, usage: read };
      read.then(
        (answer) => {
          measurable = answer.availableBytes !== null;
        },
        () => {
          if (reading?.usage === read) reading = undefined; // an unreadable store is read again next time
        },
      );
    }
    return reading.usage;
  }

  async function shortOfRoom(headroomBytes: number): Promise<string | undefined> {
    const { availableBytes } = await usage();
    if (availableBytes === null) {
      return refusal === undefined
        ? undefined
        : `the database refused a write for want of space (${refusal})`;
    }
    if (availableBytes >= headroomBytes) {
      refusal = undefined;
      return undefined;
    }
    return `only ${mib(availableBytes)} left for the store, below the ${mib(headroomBytes)} kept to record deliveries`;
  }

  async function refuseShortOfRoom(): Promise<void> {
    const problem = await shortOfRoom(settings.publishHeadroomBytes);
    if (problem !== undefined) throw new StoreUnavailableError("storage_full", { cause: new Error(problem) });
  }

  async function refuseWithoutRoom(): Promise<void> {
    if (!measurable || (await usage()).availableBytes === null) return; // the engine refuses by itself
    await refuseShortOfRoom();
  }

  async function succeeded<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    refusal = undefined;
    return result;
  }

  const observed = classifyStoreErrors(store, (error) => {
    if (error instanceof StoreUnavailableError && error.reason === "storage_full") refusal = error.message;
    return error;
  });
  const guarded: S = {
    ...observed,
    async publish(input) {
      await refuseWithoutRoom();
      return succeeded(observed.publish(input));
    },
    // The API's publishes (group commit, batches) all go through this one.
    async publishMany(inputs) {
      await refuseWithoutRoom();
      return succeeded(observed.publishMany(inputs));
    },
    async reportCreditBalance(input) {
      await refuseWithoutRoom();
      return succeeded(observed.reportCreditBalance(input));
    },
    async claimDueDeliveries(input) {
      if (measurable && (await shortOfRoom(settings.claimHeadroomBytes)) !== undefined) return [];
      return observed.claimDueDeliveries(input);
    },
    recordAttemptResults: (results) => succeeded(observed.recordAttemptResults(results)),
    recordTestDelivery: (input) => succeeded(observed.recordTestDelivery(input)),
  };
  const room: StorageRoom = {
    problem: () => shortOfRoom(settings.publishHeadroomBytes),
    // Also where the engine cannot tell its room: its last refusal stands until a write succeeds.
    refuseWithoutRoom: refuseShortOfRoom,
  };
  return { store: guarded, room };
}
