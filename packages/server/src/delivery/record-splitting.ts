import type { Logger } from "../domain/logger.js";
import { storableText } from "../domain/storable-text.js";
import type { AttemptResult, Store } from "../store/port.js";
import { isStoreUnavailable } from "../store/store-unavailable-error.js";

/** What became of a group of results handed to `recordSplitting`. */
export interface SplitOutcome {
  /** Durably recorded, as they were or as attempts without their response details. */
  readonly recorded: readonly AttemptResult[];
  /** Never to be recorded: their delivery no longer exists. */
  readonly dropped: readonly AttemptResult[];
  /**
   * Refused in every form while the store works otherwise: each may be a poison result or a transient
   * fault; the caller retries it a few times, then quarantines it. The reason is the store's error.
   */
  readonly refused: readonly { readonly result: AttemptResult; readonly reason: string }[];
  /** Not written because the store itself looks unavailable: keep them and try again later. */
  readonly unwritten: readonly AttemptResult[];
  /** The store's error when `unwritten` is not empty. */
  readonly storeFailure?: string;
}

const MAX_REASON_LENGTH = 300;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The result with only what any store can keep: its outcome (status code, error kind, next state), no
 * response excerpt nor headers, and an error text saying why the rest was not stored.
 */
export function withoutResponseDetails(result: AttemptResult, reason: string): AttemptResult {
  const { requestHeaders: _sent, responseHeaders: _answered, ...outcome } = result.attempt;
  const why = storableText(reason).slice(0, MAX_REASON_LENGTH);
  return {
    ...result,
    attempt: {
      ...outcome,
      responseExcerpt: null,
      errorMessage: `voicehire-webhooks: this attempt's response details could not be stored (${why}); only its outcome is kept`,
    },
  };
}

/**
 * Records `group` so that no result can block the others. The group is written in one call; when the
 * store refuses it, it is split in halves, down to single results. A single result refused is written
 * again without its response details; refused again, it is `refused` when the store otherwise works,
 * or kept as `unwritten` when the store itself looks down: nothing was written in this round and it
 * does not even answer a read. Then the rest of the group is not tried (one outage costs a few calls,
 * not one per result); an error the adapter classifies as the store being unavailable (unreachable,
 * full, read-only) means the same at once. Results whose delivery no longer exists (the store says so) are dropped with a
 * log line. Every refused write is logged.
 */
export async function recordSplitting(
  store: Pick<Store, "recordAttemptResults" | "nextDueAt">,
  logger: Logger,
  group: readonly AttemptResult[],
): Promise<SplitOutcome> {
  const recorded: AttemptResult[] = [];
  const dropped: AttemptResult[] = [];
  const unwritten: AttemptResult[] = [];
  const refused: { result: AttemptResult; reason: string }[] = [];
  let storeWorks = false;
  let storeFailure: string | undefined;

  async function write(results: readonly AttemptResult[], originals: readonly AttemptResult[]) {
    try {
      const { missingDeliveryIds } = await store.recordAttemptResults(results);
      storeWorks = true;
      const missing = new Set(missingDeliveryIds);
      for (const result of originals) {
        if (!missing.has(result.attempt.deliveryId)) {
          recorded.push(result);
          continue;
        }
        dropped.push(result);
        logger.warn(
          { deliveryId: result.attempt.deliveryId, attemptNumber: result.attempt.attemptNumber },
          "an attempt result was dropped: its delivery no longer exists (deleted while the attempt was in flight)",
        );
      }
      return undefined;
    } catch (error) {
      const reason = errorText(error);
      // The adapter says the store itself is down or full: splitting cannot help, keep them all.
      if (isStoreUnavailable(error)) storeFailure ??= reason;
      logger.error(
        { error: reason, results: results.length },
        "recording attempt results failed; they will be retried",
      );
      return reason;
    }
  }

  async function storeAnswers(): Promise<boolean> {
    if (storeWorks) return true;
    try {
      await store.nextDueAt();
      storeWorks = true;
    } catch {
      // unreachable as well: an outage, not a poison result
    }
    return storeWorks;
  }

  async function settle(results: readonly AttemptResult[]): Promise<void> {
    if (storeFailure !== undefined) {
      unwritten.push(...results);
      return;
    }
    const reason = await write(results, results);
    if (reason === undefined) return;
    if (storeFailure !== undefined) {
      unwritten.push(...results);
      return;
    }
    if (results.length > 1) {
      const half = Math.ceil(results.length / 2);
      await settle(results.slice(0, half));
      await settle(results.slice(half));
      return;
    }
    const [single] = results;
    if (single === undefined) return;
    const reasonAgain = await write([withoutResponseDetails(single, reason)], [single]);
    if (reasonAgain === undefined) {
      logger.error(
        {
          deliveryId: single.attempt.deliveryId,
          attemptNumber: single.attempt.attemptNumber,
          reason,
        },
        "an attempt result could not be stored; it was recorded without its response details",
      );
      return;
    }
    if (!(await storeAnswers())) {
      storeFailure = reasonAgain;
      unwritten.push(single);
      return;
    }
    refused.push({ result: single, reason });
  }

  await settle(group);
  return { recorded, dropped, refused, unwritten, ...(storeFailure === undefined ? {} : { storeFailure }) };
}
