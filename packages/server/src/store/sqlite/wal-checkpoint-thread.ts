import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { CheckpointThreadData, CheckpointThreadMessage } from "./wal-checkpoint-messages.js";

/**
 * The body of the checkpoint thread (started by `wal-checkpointer.ts`): its own connection to the
 * store's file, a PASSIVE checkpoint every `intervalMs`, each result posted to the service. PASSIVE
 * copies what it can without waiting for any lock, so the service's writers and readers never wait for
 * it; and the copying (tens of ms for tens of MB of WAL) happens here, not on the service's event loop.
 */
const { file, intervalMs } = workerData as CheckpointThreadData;
const port = parentPort;
if (port === null) throw new Error("voicehire-webhooks: the checkpoint thread must run as a worker thread");

const db = new Database(file, { fileMustExist: true });
const post = (message: CheckpointThreadMessage) => port.postMessage(message);

function checkpoint(): void {
  const [row] = db.pragma("wal_checkpoint(PASSIVE)") as { busy: number; log: number; checkpointed: number }[];
  if (row !== undefined)
    post({
      type: "checkpoint",
      busy: row.busy === 1,
      walFrames: row.log,
      checkpointedFrames: row.checkpointed,
    });
}

post({ type: "ready", pageSize: db.pragma("page_size", { simple: true }) as number });
const timer = setInterval(checkpoint, intervalMs);

port.on("message", (message: { type?: unknown }) => {
  if (message.type !== "stop") return;
  clearInterval(timer);
  try {
    checkpoint(); // what the last commits wrote, so the file holds it when the service closes
  } finally {
    db.close();
    port.close(); // nothing else keeps the thread alive: it ends
  }
});
