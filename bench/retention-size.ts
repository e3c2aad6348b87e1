import { join } from "node:path";
import Database from "better-sqlite3";
import { prefillHistory } from "./history-prefill.js";
import { formatCount, type PhaseProgress } from "./progress.js";
import { startService } from "./service-process.js";
import { sqliteStoreSize } from "./sqlite-store-size.js";
import { waitUntil } from "./wait-until.js";

export interface RetentionSizeResult {
  readonly windowMs: number;
  /** Finished deliveries written over twice the window, and how many of them were older than it. */
  readonly deliveriesWritten: number;
  readonly expiredBefore: number;
  readonly expiredLeft: number;
  /** From the service's start to no expired delivery or event left (or the wait's bound). */
  readonly retentionMs: number;
  readonly completed: boolean;
  readonly fileMbBefore: number;
  readonly fileMbAfter: number;
  readonly usedMbAfter: number;
  readonly freeMbAfter: number;
}

/** The retention window: the store's times are written, so a day costs no more to measure than a minute. */
const WINDOW_MS = 86_400_000;
const WAIT_MS = 90_000;
/** Writing the two windows stops here (the figures then say how many were written). */
const FILL_BOUND_MS = 60_000;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The store after retention has run over twice its window: `deliveries` finished deliveries written
 * into the stopped service's store (history-prefill.ts) spread over the last two windows, then the
 * service started with `VOICEHIRE_RETENTION` = the window and a 1 s interval (the service runs retention
 * on its own timer, not on demand), and waited on until nothing older than the window is left. The file
 * keeps its size (SQLite reuses freed pages, it does not give them back without VACUUM): the figures
 * say how much of it is then in use and how much is free for what comes next.
 */
export async function measureRetentionSize(input: {
  readonly dataDir: string;
  readonly deliveries: number;
  readonly progress: PhaseProgress;
}): Promise<RetentionSizeResult> {
  const databaseFile = join(input.dataDir, "voicehire.sqlite");
  const now = Date.now();
  input.progress.update(
    `retention: writing ${formatCount(input.deliveries)} finished deliveries over 2 windows`,
  );
  const fanOut = (() => {
    const db = new Database(databaseFile, { readonly: true });
    try {
      return db.prepare("SELECT COUNT(*) FROM endpoints WHERE deleted_at IS NULL").pluck().get() as number;
    } finally {
      db.close();
    }
  })();
  const prefill = prefillHistory(databaseFile, {
    events: Math.ceil(input.deliveries / Math.max(1, fanOut)),
    fromMs: now - 2 * WINDOW_MS,
    toMs: now - 60_000,
    deadline: now + FILL_BOUND_MS,
  });
  const before = sqliteStoreSize(databaseFile);
  const expiredCount = (db: Database.Database) =>
    db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM deliveries WHERE status IN ('succeeded', 'failed') AND created_at < @cutoff)
              + (SELECT COUNT(*) FROM events WHERE created_at < @cutoff)`,
      )
      .pluck()
      .get({ cutoff: Date.now() - WINDOW_MS }) as number;
  const reader = new Database(databaseFile, { readonly: true });
  const expiredBefore = expiredCount(reader);
  const started = Date.now();
  const service = await startService({
    dataDir: input.dataDir,
    env: { VOICEHIRE_RETENTION: `${WINDOW_MS}ms`, VOICEHIRE_RETENTION_INTERVAL: "1s" },
  });
  let left = expiredBefore;
  let completed: boolean;
  try {
    reader.pragma("busy_timeout = 1000");
    completed = await waitUntil(
      () => {
        left = expiredCount(reader);
        input.progress.update(`retention: ${formatCount(left)} expired rows left`);
        return left === 0;
      },
      { timeoutMs: WAIT_MS, intervalMs: 500 },
    );
  } finally {
    reader.close();
    await service.stop({ keepData: true });
  }
  const retentionMs = Date.now() - started;
  const after = sqliteStoreSize(databaseFile);
  return {
    windowMs: WINDOW_MS,
    deliveriesWritten: prefill.deliveries,
    expiredBefore,
    expiredLeft: left,
    retentionMs,
    completed,
    fileMbBefore: mb(before.fileBytes),
    fileMbAfter: mb(after.fileBytes),
    usedMbAfter: mb(after.usedBytes),
    freeMbAfter: mb(after.freeBytes),
  };
}
