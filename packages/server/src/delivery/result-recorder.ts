import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../domain/logger.js";
import type { AttemptResult, Store } from "../store/port.js";

export interface ResultRecorderDeps {
  readonly store: Pick<Store, "recordAttemptResults">;
  readonly logger: Logger;
  /** A finished attempt waits at most this long for others to be recorded with it. */
  readonly maxDelayMs: number;
  /** At most this many results per `recordAttemptResults` call. */
  readonly maxBatch: number;
  /** Called after a group is durably recorded. */
  readonly onRecorded: (results: readonly AttemptResult[]) => void;
}

/**
 * Group commit of finished attempts: results are buffered and recorded together, one store call per
 * group, never one transaction per delivery. While a group is being written the next one gathers, so a
 * busy worker writes back to back. A failed write is kept and retried with a growing backoff.
 */
export interface ResultRecorder {
  add(result: AttemptResult): void;
  /** Results not yet durably recorded (buffered or being written). */
  pendingCount(): number;
  /** Records everything buffered, retrying until `timeoutMs` has passed; answers how many are left. */
  drain(timeoutMs: number): Promise<number>;
  /** Stops the timers; what is still buffered stays unrecorded. */
  close(): void;
}

const MAX_BACKOFF_MS = 5000;

export function retryBackoffMs(consecutiveFailures: number): number {
  return Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.max(0, consecutiveFailures - 1));
}

export function createResultRecorder(deps: ResultRecorderDeps): ResultRecorder {
  let buffer: AttemptResult[] = [];
  let writing: Promise<void> | undefined;
  let writingCount = 0;
  let consecutiveFailures = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function schedule(delayMs: number): void {
    if (closed || timer !== undefined || writing !== undefined || buffer.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
  }

  async function writeOneGroup(): Promise<void> {
    const group = buffer.length <= deps.maxBatch ? buffer : buffer.slice(0, deps.maxBatch);
    buffer = group === buffer ? [] : buffer.slice(deps.maxBatch);
    writingCount = group.length;
    try {
      await deps.store.recordAttemptResults(group);
      consecutiveFailures = 0;
      try {
        deps.onRecorded(group);
      } catch (error) {
        deps.logger.error(
          { error: String(error) },
          "voicehire-webhooks: a recorded-attempts callback failed",
        );
      }
    } catch (error) {
      consecutiveFailures++;
      buffer = group.concat(buffer);
      deps.logger.error(
        {
          error: error instanceof Error ? error.message : String(error),
          results: group.length,
          consecutiveFailures,
        },
        "voicehire-webhooks: recording attempt results failed; they will be retried",
      );
    } finally {
      writingCount = 0;
    }
  }

  async function flush(): Promise<void> {
    if (writing !== undefined) return writing;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0) return;
    writing = writeOneGroup();
    try {
      await writing;
    } finally {
      writing = undefined;
    }
    // Results that arrived during the write have already waited for it: write them at once.
    schedule(consecutiveFailures > 0 ? retryBackoffMs(consecutiveFailures) : 0);
  }

  return {
    add(result) {
      buffer.push(result);
      if (writing !== undefined) return;
      if (buffer.length >= deps.maxBatch) void flush();
      else schedule(deps.maxDelayMs);
    },
    pendingCount: () => buffer.length + writingCount,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let round = 0; round < 10_000 && Date.now() < deadline; round++) {
        if (writing !== undefined) await writing;
        else if (buffer.length === 0) break;
        else {
          await flush();
          if (consecutiveFailures > 0) {
            await delay(Math.max(0, Math.min(retryBackoffMs(consecutiveFailures), deadline - Date.now())));
          }
        }
      }
      return buffer.length + writingCount;
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
