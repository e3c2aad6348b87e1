import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";

/** How retention runs; resolved once at start. */
export interface RetentionSettings {
  /** Finished deliveries, their attempts and events older than this are deleted (default 30 days). */
  readonly maxAgeMs: number;
  /** Rows per transaction (default 500): small, so no lock is held for long. */
  readonly batchSize: number;
  /** Time between two runs (default 10 minutes); the first run starts after `firstRunAfterMs`. */
  readonly intervalMs: number;
  readonly firstRunAfterMs: number;
  /** A pause between two batches of one run, so other work gets the store in between (default 20 ms). */
  readonly pauseBetweenBatchesMs: number;
  /** A run stops after this many batches; the next run goes on (default 2,000: one million deliveries). */
  readonly maxBatchesPerRun: number;
}

export const DEFAULT_RETENTION_MS = 30 * 86_400_000;

export const defaultRetentionSettings: RetentionSettings = Object.freeze({
  maxAgeMs: DEFAULT_RETENTION_MS,
  batchSize: 500,
  intervalMs: 10 * 60_000,
  firstRunAfterMs: 60_000,
  pauseBetweenBatchesMs: 20,
  maxBatchesPerRun: 2_000,
});

export interface RetentionRunSummary {
  readonly olderThan: number;
  readonly batches: number;
  readonly deliveries: number;
  readonly attempts: number;
  readonly events: number;
  readonly idempotencyKeys: number;
  /** Dashboard sessions past their expiry, deleted at the start of the run. */
  readonly dashboardSessions: number;
  /** The run stopped at `maxBatchesPerRun` (or was stopped) with expired rows left. */
  readonly unfinished: boolean;
}

export interface RetentionDeps {
  readonly store: Pick<Store, "deleteExpired" | "deleteExpiredDashboardSessions">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: RetentionSettings;
}

/**
 * One retention run: the expired dashboard sessions first (one statement: there are few), then batches
 * of `deleteExpired` until nothing expired is left, `maxBatchesPerRun` is reached or `signal` aborts.
 * The cutoff is fixed at the start of the run. Sessions are purged here, not only at sign-in, so that an
 * account whose people stop signing in does not keep its expired sessions for ever.
 */
export async function runRetentionOnce(
  deps: RetentionDeps,
  signal?: AbortSignal,
): Promise<RetentionRunSummary> {
  const { settings } = deps;
  const now = deps.clock.now();
  const olderThan = now - settings.maxAgeMs;
  const dashboardSessions = await deps.store.deleteExpiredDashboardSessions(now);
  const totals = { deliveries: 0, attempts: 0, events: 0, idempotencyKeys: 0 };
  let batches = 0;
  let more = true;
  while (more && batches < settings.maxBatchesPerRun && signal?.aborted !== true) {
    const batch = await deps.store.deleteExpired({ olderThan, batchSize: settings.batchSize });
    batches++;
    totals.deliveries += batch.deliveries;
    totals.attempts += batch.attempts;
    totals.events += batch.events;
    totals.idempotencyKeys += batch.idempotencyKeys;
    more = batch.more;
    if (more && settings.pauseBetweenBatchesMs > 0) {
      await delay(settings.pauseBetweenBatchesMs, undefined, signal ? { signal } : {}).catch(() => {});
    }
  }
  return { olderThan, batches, ...totals, dashboardSessions, unfinished: more };
}

export interface RetentionRunner {
  /** Runs now (or joins the run in progress) and answers its summary. */
  runNow(): Promise<RetentionRunSummary>;
  /** Stops the timer and waits for the batch in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs retention periodically in this process. Several processes may each run one (PostgreSQL): their
 * batches lock different rows, so they share the work instead of colliding. A failed run is logged and
 * tried again at the next interval; nothing else stops because of it.
 */
export function startRetentionRunner(deps: RetentionDeps): RetentionRunner {
  const stopping = new AbortController();
  let running: Promise<RetentionRunSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function schedule(afterMs: number): void {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      runNow()
        .catch(() => {})
        .finally(() => schedule(deps.settings.intervalMs));
    }, afterMs);
    timer.unref();
  }

  function runNow(): Promise<RetentionRunSummary> {
    running ??= runRetentionOnce(deps, stopping.signal)
      .then(
        (summary) => {
          const deleted =
            summary.deliveries + summary.events + summary.idempotencyKeys + summary.dashboardSessions;
          if (deleted > 0 || summary.unfinished) {
            deps.logger.info({ ...summary }, "retention deleted expired deliveries");
          }
          return summary;
        },
        (error: unknown) => {
          deps.logger.error(
            { error: error instanceof Error ? error.message : String(error) },
            "retention failed; it will be tried again",
          );
          throw error;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  schedule(deps.settings.firstRunAfterMs);
  return {
    runNow,
    async stop() {
      stopping.abort();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
