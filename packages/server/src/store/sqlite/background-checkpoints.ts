import type { Database } from "better-sqlite3";
import type { Logger } from "../../domain/logger.js";
import { checkpointOnCommits, stopCheckpointingOnCommits } from "./wal-autocheckpoint.js";
import { startWalCheckpointer } from "./wal-checkpointer.js";

/** Each WAL frame is a page plus its 24-byte header. */
const WAL_FRAME_HEADER_BYTES = 24;

export interface BackgroundCheckpointSettings {
  /** How often the thread checkpoints. */
  readonly intervalMs: number;
  /**
   * Past this much WAL the service's own connection checkpoints too, between two of its transactions:
   * under a steady stream of commits the thread's checkpoint may never finish before the next commit
   * starts, and the WAL is only reset (written again from its start) after one that did.
   */
  readonly catchUpWalBytes: number;
}

export const defaultBackgroundCheckpointSettings: BackgroundCheckpointSettings = {
  intervalMs: 200,
  catchUpWalBytes: 64 * 1024 * 1024,
};

export interface BackgroundCheckpoints {
  /** Ends the thread (after a last checkpoint); commits checkpoint on their own again. */
  stop(): Promise<void>;
}

/**
 * Moves the WAL checkpoints of the service's connection `db` onto a worker thread: a checkpoint run
 * by a commit (wal_autocheckpoint) stalls the service's only event loop for tens of ms. While the
 * thread runs, commits do not checkpoint; if it cannot start or dies, they do again, and `logger`
 * says so (a silent fallback would bring the stalls back unnoticed).
 */
export function checkpointInBackground(
  db: Database,
  options: {
    readonly logger: Pick<Logger, "warn">;
    readonly settings?: BackgroundCheckpointSettings;
    readonly start?: typeof startWalCheckpointer;
  },
): BackgroundCheckpoints {
  const settings = options.settings ?? defaultBackgroundCheckpointSettings;
  const start = options.start ?? startWalCheckpointer;
  let frameBytes = 4096 + WAL_FRAME_HEADER_BYTES; // SQLite's default page size, until the thread says
  let stopped = false;
  const checkpointer = start(
    { file: db.name, intervalMs: settings.intervalMs },
    {
      onReady(pageSize) {
        frameBytes = pageSize + WAL_FRAME_HEADER_BYTES;
        if (db.open && !stopped) stopCheckpointingOnCommits(db);
      },
      onCheckpoint({ walFrames }) {
        // Messages run between transactions: nothing is appended while this copies what is left.
        if (!db.open || walFrames * frameBytes <= settings.catchUpWalBytes) return;
        try {
          db.pragma("wal_checkpoint(PASSIVE)");
        } catch (error) {
          // An event handler: a throw here would end the process. The next report tries again.
          options.logger.warn({ err: error, file: db.name }, "a catch-up WAL checkpoint failed");
        }
      },
      onFailure(error) {
        if (db.open) checkpointOnCommits(db);
        options.logger.warn(
          { err: error, file: db.name },
          "the WAL checkpoint thread stopped: commits checkpoint the WAL themselves again (expect stalls)",
        );
      },
    },
  );
  return {
    async stop() {
      stopped = true;
      if (db.open) checkpointOnCommits(db);
      await checkpointer.stop();
    },
  };
}
