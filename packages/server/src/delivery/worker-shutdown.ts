import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";
import type { ClaimReleaser } from "./claim-releaser.js";
import type { ResultRecorder } from "./result-recorder.js";
import { errorText } from "./worker-log.js";

export interface WorkerShutdown {
  readonly workerId: string;
  readonly store: Pick<Store, "releaseLeases">;
  readonly logger: Logger;
  /** The POSTs still running. */
  readonly sending: ReadonlySet<Promise<void>>;
  readonly recorder: ResultRecorder;
  readonly releaser: ClaimReleaser;
  /** How long to wait for the POSTs, then again for their recording. */
  readonly graceMs: number;
}

/**
 * The end of a worker, once it claims no more: waits (bounded) for the POSTs in flight, records their
 * results, then gives back every lease it still holds, so other workers can take those deliveries at once.
 * What cannot be finished in time is logged; its leases expire and the deliveries are tried again.
 */
export async function finishWork(shutdown: WorkerShutdown): Promise<void> {
  const { workerId, logger, graceMs } = shutdown;
  const grace = new AbortController();
  await Promise.race([
    Promise.allSettled([...shutdown.sending]),
    delay(graceMs, undefined, { signal: grace.signal }).catch(() => {}),
  ]);
  grace.abort();
  if (shutdown.sending.size > 0) {
    logger.warn({ workerId, sending: shutdown.sending.size }, "stopped with attempts still running");
  }
  const unrecorded = await shutdown.recorder.drain(graceMs);
  shutdown.recorder.close();
  if (unrecorded > 0) {
    logger.error(
      { workerId, unrecorded },
      "some attempt results could not be recorded; those deliveries will be retried",
    );
  }
  await shutdown.releaser.settle();
  try {
    await shutdown.store.releaseLeases(workerId);
  } catch (error) {
    logger.error({ workerId, error: errorText(error) }, "could not release leases; they will expire");
  }
}
