import type { Clock } from "../domain/clock.js";
import type { EpochMs } from "../domain/types.js";

/**
 * How the worker loop waits: `sleep(ms)` ends after `ms`, at the earliest time given to `wakeAt`, or at
 * `wake()`, whichever comes first. A `wake()` while nobody sleeps is remembered, so the next `sleep`
 * returns at once and no wake-up is ever lost.
 */
export interface WakeSignal {
  sleep(ms: number): Promise<void>;
  wake(): void;
  /** Wake at `at` (clock time) or earlier; the earliest of several calls wins. */
  wakeAt(at: EpochMs): void;
  /** Ends a running sleep and makes every later one return at once. */
  close(): void;
}

export function createWakeSignal(clock: Clock): WakeSignal {
  let woken = false;
  let closed = false;
  let earliestWakeAt: EpochMs | undefined;
  let timer: NodeJS.Timeout | undefined;
  let endSleep: (() => void) | undefined;
  let sleepEndsAt: EpochMs | undefined;

  function arm(delayMs: number): void {
    if (timer !== undefined) clearTimeout(timer);
    sleepEndsAt = clock.now() + delayMs;
    timer = setTimeout(() => endSleep?.(), Math.max(0, delayMs));
  }

  return {
    sleep(ms) {
      const now = clock.now();
      if (closed || woken || (earliestWakeAt !== undefined && earliestWakeAt <= now)) {
        woken = false;
        if (earliestWakeAt !== undefined && earliestWakeAt <= now) earliestWakeAt = undefined;
        return Promise.resolve();
      }
      const delay = earliestWakeAt === undefined ? ms : Math.min(ms, earliestWakeAt - now);
      return new Promise<void>((resolve) => {
        endSleep = () => {
          if (timer !== undefined) clearTimeout(timer);
          timer = undefined;
          endSleep = undefined;
          sleepEndsAt = undefined;
          woken = false;
          if (earliestWakeAt !== undefined && earliestWakeAt <= clock.now()) earliestWakeAt = undefined;
          resolve();
        };
        arm(delay);
      });
    },
    wake() {
      woken = true;
      endSleep?.();
    },
    wakeAt(at) {
      if (earliestWakeAt === undefined || at < earliestWakeAt) earliestWakeAt = at;
      if (endSleep !== undefined && sleepEndsAt !== undefined && at < sleepEndsAt) arm(at - clock.now());
    },
    close() {
      closed = true;
      endSleep?.();
    },
  };
}
