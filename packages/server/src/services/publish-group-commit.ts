import type { PublishInput, PublishOutcome, Store } from "../store/port.js";
import { isStoreUnavailable } from "../store/store-unavailable-error.js";

/**
 * Group commit of concurrent single publishes: the publishes that arrive together (in the same turn of
 * the event loop, or while the previous group is being written) share ONE `store.publishMany`
 * transaction, so a burst of N publishes costs one commit, not N. Each caller's promise settles only
 * once its own publish is durable, with its own outcome, exactly as `store.publish` would answer it.
 *
 * Up to `maxGroupsInFlight` groups are written at once (a store with a connection pool overlaps their
 * round trips; an embedded one writes each synchronously, so they never overlap there).
 *
 * A group the store refuses is split in halves, down to single publishes, so one publish the store
 * cannot take (poison) fails alone and its neighbours are written. When the store itself is down
 * (`isStoreUnavailable`), splitting cannot help: every caller of the group gets that error at once.
 */
export interface PublishGroupCommit {
  commit(input: PublishInput): Promise<PublishOutcome>;
}

/** A group never holds more than this many publishes (a burst beyond it is written in several). */
export const MAX_GROUP_SIZE = 256;
export const MAX_GROUPS_IN_FLIGHT = 4;

interface Waiting {
  readonly input: PublishInput;
  resolve(outcome: PublishOutcome): void;
  reject(error: unknown): void;
}

export function createPublishGroupCommit(
  store: Pick<Store, "publishMany">,
  options: { readonly maxGroupSize?: number; readonly maxGroupsInFlight?: number } = {},
): PublishGroupCommit {
  const maxGroupSize = options.maxGroupSize ?? MAX_GROUP_SIZE;
  const maxGroupsInFlight = options.maxGroupsInFlight ?? MAX_GROUPS_IN_FLIGHT;
  const queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function settle(group: readonly Waiting[]): Promise<void> {
    let outcomes: PublishOutcome[];
    try {
      outcomes = await store.publishMany(group.map((waiting) => waiting.input));
    } catch (error) {
      if (group.length === 1 || isStoreUnavailable(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      const half = Math.ceil(group.length / 2);
      await settle(group.slice(0, half));
      await settle(group.slice(half));
      return;
    }
    for (const [index, waiting] of group.entries()) {
      const outcome = outcomes[index];
      if (outcome === undefined)
        waiting.reject(new Error("the store answered fewer outcomes than it was given"));
      else waiting.resolve(outcome);
    }
  }

  /** Writes groups from the queue while there are any; several of these may run at once. */
  async function writeGroups(): Promise<void> {
    inFlight++;
    try {
      while (queue.length > 0) await settle(queue.splice(0, maxGroupSize));
    } finally {
      inFlight--;
    }
  }

  /** The publishes whose requests are read in this same turn of the event loop join one group. */
  function schedule(): void {
    if (scheduled || inFlight >= maxGroupsInFlight) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void writeGroups();
    });
  }

  return {
    commit(input) {
      return new Promise<PublishOutcome>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      });
    },
  };
}
