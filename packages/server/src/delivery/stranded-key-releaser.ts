import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";

/** How often a worker looks for ordering keys left without a head (see `releaseStrandedOrderedKeys`). */
export const STRANDED_KEYS_INTERVAL_MS = 30_000;
/** Keys released per look at most: a look stays short; the next one takes the rest. */
const KEYS_PER_LOOK = 1_000;

/**
 * Lets through the head of every ordering key a stopped process left with no delivery let through, now
 * and then every `intervalMs`, until `signal` aborts; it wakes the claim loop when it released some.
 * A store error is logged and the next look tries again. Several processes may run it at once.
 */
export async function runStrandedKeyReleaser(
  deps: {
    readonly store: Pick<Store, "releaseStrandedOrderedKeys">;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly onReleased: () => void;
    readonly intervalMs?: number;
  },
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const released = await deps.store.releaseStrandedOrderedKeys(deps.clock.now(), KEYS_PER_LOOK);
      if (released > 0) {
        deps.logger.warn(
          { event: "ordered_keys_released", keys: released },
          "ordering keys left without a head released",
        );
        deps.onReleased();
      }
    } catch (error) {
      deps.logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        "could not look for ordering keys left without a head; will look again",
      );
    }
    await delay(deps.intervalMs ?? STRANDED_KEYS_INTERVAL_MS, undefined, { signal }).catch(() => {});
  }
}
