import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
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
  /** The thread's code; by default `wal-checkpoint-thread` next to this file (see `checkpointThreadEntry`). */
  readonly entry?: URL;
}

export interface WalCheckpointer {
  /** Asks the thread for a last checkpoint, and resolves once it has closed its connection and ended. */
  stop(): Promise<void>;
}

/**
 * Where the thread's code is: the built `.js` beside this file (`dist/`), or, when running from the
 * TypeScript sources (vitest, tsx), the `.ts` loaded through tsx inside the thread, since a worker
 * thread does not inherit the loader of the code that starts it.
 */
function checkpointThreadEntry(): { readonly filename: string | URL; readonly eval: boolean } {
  const built = new URL("./wal-checkpoint-thread.js", import.meta.url);
  if (existsSync(built)) return { filename: built, eval: false };
  const source = JSON.stringify(new URL("./wal-checkpoint-thread.ts", import.meta.url).href);
  const tsx = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href);
  return { filename: `import(${tsx}).then((tsx) => tsx.tsImport(${source}, ${source}))`, eval: true };
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
      options.entry === undefined ? checkpointThreadEntry() : { filename: options.entry, eval: false };
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
