import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../domain/logger.js";
import type { AttemptResult, Store } from "../store/port.js";
import { recordSplitting } from "./record-splitting.js";

export interface ResultRecorderDeps {
  /** `nextDueAt` is the read that tells an unavailable store from a result it cannot write. */
  readonly store: Pick<Store, "recordAttemptResults" | "nextDueAt">;
  readonly logger: Logger;
  /** A finished attempt waits at most this long for others to be recorded with it. */
  readonly maxDelayMs: number;
  /** At most this many results per `recordAttemptResults` call. */
  readonly maxBatch: number;
  /** Called after a group is durably recorded. */
  readonly onRecorded: (results: readonly AttemptResult[]) => void;
  /**
   * The metrics hook (the composition root's): counts each result once its write succeeded, so a group
   * retried after an outage is counted once. A result whose delivery was deleted meanwhile is counted
   * too: its attempt was made. A hook that throws loses a metric, never a result.
   */
  readonly countRecorded?: (results: readonly AttemptResult[]) => void;
  /** Called with the results that will never be recorded (delivery gone, or quarantined). */
  readonly onDropped: (results: readonly AttemptResult[]) => void;
}

/**
 * Group commit of finished attempts: results are buffered and recorded together, one store call per
 * group, never one transaction per delivery. While a group is being written the next one gathers, so a
 * busy worker writes back to back. A group the store refuses is split (`recordSplitting`) so that one
 * unwritable result never holds back the others; only when the store itself is unavailable are the
 * results kept (bounded by the worker, which stops claiming) and retried with a growing backoff.
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

/**
 * A result refused in every form this many times while the store works otherwise is quarantined:
 * dropped with a log line naming it and why. Fewer would drop results over a transient fault.
 */
export const REFUSALS_BEFORE_QUARANTINE = 3;

export function retryBackoffMs(consecutiveFailures: number): number {
  return Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.max(0, consecutiveFailures - 1));
}

export function createResultRecorder(deps: ResultRecorderDeps): ResultRecorder {
  let buffer: AttemptResult[] = [];
  let writing: Promise<void> | undefined;
  let writingCount = 0;
  let consecutiveFailures = 0;
  /** Attempt id → how many rounds refused it in every form. */
  const refusals = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function schedule(delayMs: number): void {
    if (closed || timer !== undefined || writing !== undefined || buffer.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
  }

  function notify(callback: (results: readonly AttemptResult[]) => void, results: readonly AttemptResult[]) {
    if (results.length === 0) return;
    try {
      callback(results);
    } catch (error) {
      deps.logger.error({ error: String(error) }, "a recorded-attempts callback failed");
    }
  }

  async function writeOneGroup(): Promise<void> {
    const group = buffer.length <= deps.maxBatch ? buffer : buffer.slice(0, deps.maxBatch);
    buffer = group === buffer ? [] : buffer.slice(deps.maxBatch);
    writingCount = group.length;
    try {
      const outcome = await recordSplitting(deps.store, deps.logger, group);
      for (const result of outcome.recorded) refusals.delete(result.attempt.id);
      const quarantined: AttemptResult[] = [];
      const kept: AttemptResult[] = [];
      for (const { result, reason } of outcome.refused) {
        const count = (refusals.get(result.attempt.id) ?? 0) + 1;
        if (count < REFUSALS_BEFORE_QUARANTINE) {
          refusals.set(result.attempt.id, count);
          kept.push(result);
          continue;
        }
        refusals.delete(result.attempt.id);
        quarantined.push(result);
        deps.logger.error(
          { deliveryId: result.attempt.deliveryId, attemptNumber: result.attempt.attemptNumber, reason },
          "an attempt result cannot be stored in any form; it is quarantined (dropped) and the delivery will be attempted again once its lease ends",
        );
      }
      notify(deps.onRecorded, outcome.recorded);
      if (deps.countRecorded !== undefined) {
        notify(deps.countRecorded, outcome.recorded.concat(outcome.dropped));
      }
      notify(deps.onDropped, outcome.dropped.concat(quarantined));
      const retried = outcome.unwritten.concat(kept);
      if (retried.length === 0) {
        consecutiveFailures = 0;
        return;
      }
      consecutiveFailures++;
      buffer = retried.concat(buffer);
      if (outcome.unwritten.length > 0) {
        deps.logger.error(
          { error: outcome.storeFailure, results: outcome.unwritten.length, consecutiveFailures },
          "the store is unavailable for recording attempt results; they are kept and retried",
        );
      }
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
