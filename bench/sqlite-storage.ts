import Database from "better-sqlite3";
import { waitForFinished } from "./history-throughput.js";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { formatCount, startPhase } from "./progress.js";
import { measureRetentionSize, type RetentionSizeResult } from "./retention-size.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
import { growthPer, type SqliteStoreSize, sqliteStoreSize } from "./sqlite-store-size.js";
import { waitForReceipts } from "./wait-for-receipts.js";

export interface SqliteStorageResult {
  readonly events: number;
  readonly finishedDeliveries: number;
  /** Finished deliveries that took exactly one attempt (all of them when every receipt was a 200). */
  readonly oneAttemptDeliveries: number;
  readonly bytesPerFinishedDelivery: number | null;
  readonly bytesPerEvent: number | null;
  /** Growth per finished delivery by table (indexes included). */
  readonly bytesPerDeliveryByTable: Readonly<Record<string, number>>;
  /** The same, by table and by index on its own: where a delivery's bytes go. */
  readonly bytesPerDeliveryByTree: Readonly<Record<string, number>>;
  readonly before: SqliteStoreSize;
  readonly after: SqliteStoreSize;
  readonly retention: RetentionSizeResult | { readonly failed: string };
}

/**
 * Storage on the embedded store (issue 15): a fixed load (`events` published through the API, each to
 * one endpoint per receiver port, all delivered at the first attempt), then the pages the store grew by,
 * per finished delivery and per event, measured with the service stopped (WAL checkpointed). Then the
 * same store is filled to twice a retention window and retention runs over it (retention-size.ts).
 */
export async function measureSqliteStorage(
  input: DeliveredPhaseInput & {
    readonly publishConcurrency: number;
    readonly retentionDeliveries: number;
  },
): Promise<SqliteStorageResult> {
  const progress = startPhase("10 storage, SQLite");
  await input.receiver.reset();
  const service = await startService();
  let stopped = false;
  try {
    const api = connectApi(service.url, service.apiKey, input.publishConcurrency);
    let events = 0;
    try {
      for (const [k, port] of input.ports.entries()) {
        await api.createEndpoint(`http://127.0.0.1:${port}/ok/store-${k}`, [BENCH_EVENT_TYPE]);
      }
      const before = sqliteStoreSize(service.databaseFile);
      const deadline = Date.now() + input.timeoutMs;
      const startedMs = monotonicMs();
      let deliveries = 0;
      const loader = await runConcurrently(input.events, input.publishConcurrency, deadline, async (i) => {
        const created = await api.publishEvent(i);
        deliveries += created;
        events++;
      });
      if (loader.failed > 0)
        throw new Error(`bench: ${loader.failed} publishes failed: ${loader.firstErrors[0]}`);
      await waitForReceipts({
        receiver: input.receiver,
        prefix: "/ok/store-",
        expected: () => deliveries,
        loaderDone: () => true,
        startedMs,
        deadline,
        progress,
      });
      await waitForFinished(service.databaseFile, Math.max(1000, deadline - Date.now()));
      await api.close();
      await service.stop({ keepData: true });
      stopped = true;
      const after = sqliteStoreSize(service.databaseFile);
      const db = new Database(service.databaseFile, { readonly: true });
      const counts = db
        .prepare(
          `SELECT SUM(status IN ('succeeded', 'failed')) AS finished,
                  SUM(status IN ('succeeded', 'failed') AND attempt_count = 1) AS oneAttempt FROM deliveries`,
        )
        .get() as { finished: number | null; oneAttempt: number | null };
      db.close();
      const finished = counts.finished ?? 0;
      const grown = after.usedBytes - before.usedBytes;
      progress.update(
        `${formatCount(finished)} finished deliveries · ${formatCount(grown / Math.max(1, finished))} B each`,
      );
      const retention = await measureRetentionSize({
        dataDir: service.dataDir,
        deliveries: input.retentionDeliveries,
        progress,
      }).catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
      const result: SqliteStorageResult = {
        events,
        finishedDeliveries: finished,
        oneAttemptDeliveries: counts.oneAttempt ?? 0,
        bytesPerFinishedDelivery: finished > 0 ? Math.round(grown / finished) : null,
        bytesPerEvent: events > 0 ? Math.round(grown / events) : null,
        bytesPerDeliveryByTable: growthPer(before.byTable, after.byTable, finished),
        bytesPerDeliveryByTree: growthPer(before.byTree, after.byTree, finished),
        before,
        after,
        retention,
      };
      progress.done(
        `${formatCount(finished)} finished deliveries: ${result.bytesPerFinishedDelivery ?? "-"} B per delivery, ` +
          `${result.bytesPerEvent ?? "-"} B per event` +
          ("failed" in retention
            ? ` · retention: ${retention.failed}`
            : ` · after retention over 2 windows: ${retention.fileMbAfter} MB file (was ${retention.fileMbBefore} MB, ${retention.usedMbAfter} MB in use)`),
      );
      return result;
    } finally {
      if (!stopped) await api.close();
    }
  } finally {
    await service.stop();
  }
}
