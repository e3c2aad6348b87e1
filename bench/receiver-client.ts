import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type {
  LatencyReceipt,
  OrderStats,
  PathStats,
  ReceiverOp,
  ReceiverReply,
  ReceiverStats,
} from "./receiver-protocol.js";

const RECEIVER_SCRIPT = fileURLToPath(new URL("./receiver-process.ts", import.meta.url));
const REPLY_TIMEOUT_MS = 15_000;

/** How a pending request ends: its reply's result, or why there is none. */
type Settle = (outcome: { readonly result: unknown } | { readonly error: Error }) => void;

/** The parent's handle on the receiver process. */
export interface Receiver {
  readonly pid: number;
  /** Opens `count` more listening ports on 127.0.0.1 and answers them. */
  listen(count: number): Promise<number[]>;
  stats(): Promise<ReceiverStats>;
  /** The `/lat/...` receipts since the last call (they are handed over once). */
  takeReceipts(): Promise<LatencyReceipt[]>;
  /** The order of `/ord/...` receipts, by path (see `OrderStats`). */
  orderStats(): Promise<Record<string, OrderStats>>;
  /** Forgets every count and receipt, and closes the requests held on `/hang/...` paths. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Totals over the paths that start with `prefix`. */
export function totalsFor(stats: ReceiverStats, prefix: string): PathStats {
  const total: PathStats = { count: 0, firstMs: Number.POSITIVE_INFINITY, lastMs: Number.NEGATIVE_INFINITY };
  for (const [path, entry] of Object.entries(stats.byPath)) {
    if (!path.startsWith(prefix)) continue;
    total.count += entry.count;
    total.firstMs = Math.min(total.firstMs, entry.firstMs);
    total.lastMs = Math.max(total.lastMs, entry.lastMs);
  }
  return total;
}

/** Forks the receiver with the same loader flags (tsx) as this process and waits until it is ready. */
export async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = fork(RECEIVER_SCRIPT, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, Settle>();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`bench: the receiver exited (${code}) before it was ready`));
    child.once("exit", onExit);
    child.once("message", () => {
      child.off("exit", onExit);
      resolve();
    });
  });
  child.on("message", (reply: ReceiverReply) => {
    pending.get(reply.id)?.(
      reply.error === undefined
        ? { result: reply.result }
        : { error: new Error(`bench: receiver: ${reply.error}`) },
    );
  });
  child.on("exit", () => {
    exited = true;
    for (const settle of [...pending.values()]) settle({ error: new Error("bench: the receiver exited") });
  });
  await ready;

  function call<T>(request: ReceiverOp): Promise<T> {
    if (exited) return Promise.reject(new Error("bench: the receiver is not running"));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const settle: Settle = (outcome) => {
        clearTimeout(timer);
        pending.delete(id);
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.result as T);
      };
      const timer = setTimeout(
        () =>
          settle({
            error: new Error(
              `bench: the receiver did not answer ${request.op} within ${REPLY_TIMEOUT_MS} ms`,
            ),
          }),
        REPLY_TIMEOUT_MS,
      );
      pending.set(id, settle);
      child.send({ ...request, id });
    });
  }

  return {
    pid: child.pid ?? -1,
    listen: (count) => call<number[]>({ op: "listen", count }),
    stats: () => call<ReceiverStats>({ op: "stats" }),
    takeReceipts: () => call<LatencyReceipt[]>({ op: "takeReceipts" }),
    orderStats: () => call<Record<string, OrderStats>>({ op: "orderStats" }),
    reset: () => call<void>({ op: "reset" }),
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}
