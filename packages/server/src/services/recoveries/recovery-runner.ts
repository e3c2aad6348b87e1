import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Clock } from "../../domain/clock.js";
import type { Logger } from "../../domain/logger.js";
import type { RecoveryRecord } from "../../domain/types.js";
import type { Store } from "../../store/port.js";

/**
 * Runs the batches of recoveries in this process: a few at once in the request that starts one (small
 * recoveries are done when the request answers), the rest in the background, one batch per turn of the
 * event loop. Progress lives in the store, batch by batch: a recovery left `running` by a stopped process
 * is taken up again by `resumeIfStalled` (on `GET /v1/recoveries/{id}`), and concurrent batches of one
 * recovery (several processes) never re-queue a delivery twice.
 */
export interface RecoveryRunnerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called after a batch re-queued deliveries: wakes the in-process workers. */
  readonly onRequeued: () => void;
  /** Deliveries per batch (one transaction each). Default 500. */
  readonly batchSize?: number;
  /** Batches run before the starting request answers. Default 4. */
  readonly foregroundBatches?: number;
  /** A running recovery not moved for this long is taken up again. Default 5000. */
  readonly stalledAfterMs?: number;
}

export interface RecoveryRunner {
  /** Runs a few batches now, then the rest in the background; answers the recovery as it stands. */
  run(recovery: RecoveryRecord): Promise<RecoveryRecord>;
  /**
   * Takes a running recovery up again in the background when nobody moved it for `stalledAfterMs` (its
   * process stopped); answers it as it stands.
   */
  resumeIfStalled(recovery: RecoveryRecord): RecoveryRecord;
  /** Stops the background batches (the store keeps the progress); waits for the batch in flight. */
  close(): Promise<void>;
}

export const DEFAULT_RECOVERY_BATCH_SIZE = 500;
/** A background recovery gives up after this many batches in one process (a bound, never reached in practice). */
const MAX_BACKGROUND_BATCHES = 100_000;

export function createRecoveryRunner(deps: RecoveryRunnerDeps): RecoveryRunner {
  const batchSize = deps.batchSize ?? DEFAULT_RECOVERY_BATCH_SIZE;
  const foregroundBatches = deps.foregroundBatches ?? 4;
  const stalledAfterMs = deps.stalledAfterMs ?? 5000;
  const background = new Map<string, Promise<void>>();
  let closed = false;

  async function advance(recovery: RecoveryRecord): Promise<RecoveryRecord> {
    if (recovery.status === "done") return recovery;
    const next = await deps.store.advanceRecovery(
      recovery.accountId,
      recovery.id,
      batchSize,
      deps.clock.now(),
    );
    if (next === undefined) return recovery;
    if (next.requeued > recovery.requeued) deps.onRequeued();
    return next;
  }

  async function runInBackground(start: RecoveryRecord): Promise<void> {
    let current = start;
    for (let batch = 0; batch < MAX_BACKGROUND_BATCHES && current.status === "running" && !closed; batch++) {
      await yieldToEventLoop();
      current = await advance(current);
    }
  }

  function continueInBackground(current: RecoveryRecord): void {
    if (current.status === "running" && !closed && !background.has(current.id)) {
      const running = runInBackground(current)
        .catch((error: unknown) => {
          deps.logger.error(
            {
              recovery_id: current.id,
              account_id: current.accountId,
              error: error instanceof Error ? error.message : String(error),
            },
            "a recovery stopped on an error; reading its progress carries it on",
          );
        })
        .finally(() => background.delete(current.id));
      background.set(current.id, running);
    }
  }

  return {
    async run(recovery) {
      let current = recovery;
      for (let batch = 0; batch < foregroundBatches && current.status === "running"; batch++) {
        current = await advance(current);
      }
      continueInBackground(current);
      return current;
    },
    resumeIfStalled(recovery) {
      if (deps.clock.now() - recovery.updatedAt >= stalledAfterMs) continueInBackground(recovery);
      return recovery;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...background.values()]);
    },
  };
}
