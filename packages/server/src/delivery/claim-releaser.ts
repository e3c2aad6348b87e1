import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";

/**
 * Gives claims back to the store (`releaseClaims`) that the worker will not send: over its share for an
 * endpoint, its circuit open, or waiting too long. Releases are gathered and sent one call at a time,
 * so a claim handing back many is one store call. A failed release is only logged: the leases then
 * expire, and the deliveries are claimable again a little later. Nothing is lost either way.
 */
export interface ClaimReleaser {
  release(deliveryIds: readonly string[]): void;
  /** Waits for the releases asked so far (bounded by their store calls). */
  settle(): Promise<void>;
}

export function createClaimReleaser(
  store: Pick<Store, "releaseClaims">,
  workerId: string,
  logger: Logger,
): ClaimReleaser {
  let queued: string[] = [];
  let running: Promise<void> | undefined;

  async function flush(): Promise<void> {
    for (let round = 0; round < 1000 && queued.length > 0; round++) {
      const batch = queued;
      queued = [];
      try {
        await store.releaseClaims(workerId, batch);
      } catch (error) {
        logger.warn(
          {
            workerId,
            deliveries: batch.length,
            error: error instanceof Error ? error.message : String(error),
          },
          "could not give back claims; their leases will expire",
        );
      }
    }
  }

  function start(): void {
    running ??= flush().finally(() => {
      running = undefined;
      if (queued.length > 0) start();
    });
  }

  return {
    release(deliveryIds) {
      if (deliveryIds.length === 0) return;
      queued.push(...deliveryIds);
      start();
    },
    async settle() {
      for (let round = 0; round < 100 && running !== undefined; round++) await running;
    },
  };
}
