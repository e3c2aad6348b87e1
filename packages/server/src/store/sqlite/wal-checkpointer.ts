import { Worker } from "node:worker_threads";
import { threadEntry } from "../../threads/thread-entry.js";
import type { CheckpointThreadData, CheckpointThreadMessage } from "./wal-checkpoint-messages.js";

/** How long `stop()` lets the thread finish its last checkpoint before ending it. */
const STOP_GRACE_MS = 5000;

export type CheckpointResult = Omit<Extract<CheckpointThreadMessage, { type: "checkpoint" }>, "type">;

export interface WalCheckpointerEvents {
  /** The thread's connection is open (the database's page size, to turn WAL frames into bytes). */
  onReady(pageSize: number): void;
  onCheckpoint(result: CheckpointResult): void;
  /** The thread could not start, or ended without being asked to: no more checkpoints will come. */
  onFailure(error: Error): void;
}

export interface WalCheckpointerOptions extends CheckpointThreadData {
  /** The thread's code; by default `wal-checkpoint-thread` next to this file (see `threadEntry`). */
  readonly entry?: URL;
}

export interface WalCheckpointer {
  /** Asks the thread for a last checkpoint, and resolves once it has closed its connection and ended. */
  stop(): Promise<void>;
}

/**
 * Starts a worker thread that checkpoints the WAL of `file` every `intervalMs` on a connection of its
 * own (see wal-checkpoint-thread.ts). It does not keep the process alive by itself.
 */
export function startWalCheckpointer(
  options: WalCheckpointerOptions,
  events: WalCheckpointerEvents,
): WalCheckpointer {
  const workerData: CheckpointThreadData = { file: options.file, intervalMs: options.intervalMs };
  let stopRequested = false;
  let failure: Error | undefined;
  let worker: Worker;
  try {
    const entry =
      options.entry === undefined
        ? threadEntry(import.meta.url, "wal-checkpoint-thread")
        : { filename: options.entry, eval: false };
    worker = new Worker(entry.filename, { eval: entry.eval, workerData });
  } catch (error) {
    queueMicrotask(() => events.onFailure(error instanceof Error ? error : new Error(String(error))));
    return { stop: async () => {} };
  }
  worker.unref();
  worker.on("message", (message: CheckpointThreadMessage) => {
    if (message.type === "ready") events.onReady(message.pageSize);
    else if (message.type === "checkpoint") {
      const { type: _type, ...result } = message;
      events.onCheckpoint(result);
    }
  });
  worker.on("error", (error) => {
    failure = error;
  });
  const exited = new Promise<void>((resolve) => {
    worker.on("exit", (code) => {
      if (!stopRequested || failure !== undefined) {
        events.onFailure(failure ?? new Error(`the checkpoint thread ended with exit code ${code}`));
      }
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      if (stopping !== undefined) return stopping;
      stopRequested = true;
      worker.postMessage({ type: "stop" });
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      stopping = exited.finally(() => clearTimeout(timer));
      return stopping;
    },
  };
}
