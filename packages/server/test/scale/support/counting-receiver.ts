import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type {
  ReceiverCommand,
  ReceiverCounts,
  ReceiverReply,
  ReceiverTotals,
} from "./counting-receiver-protocol.js";

const SCRIPT = fileURLToPath(new URL("./counting-receiver-process.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../../../", import.meta.url));
const REPLY_TIMEOUT_MS = 15_000;

type Command = ReceiverCommand extends infer C ? (C extends ReceiverCommand ? Omit<C, "id"> : never) : never;

/** The test's handle on the receiver process (see counting-receiver-process.ts). */
export interface CountingReceiver {
  /** Opens `ports` listening ports on 127.0.0.1, checking signatures with `secret`, answering after `answerDelayMs`. */
  listen(ports: number, secret: string, answerDelayMs: number): Promise<number[]>;
  totals(): Promise<ReceiverTotals>;
  counts(): Promise<ReceiverCounts>;
  stop(): Promise<void>;
}

export async function startCountingReceiver(): Promise<CountingReceiver> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      for (const waiter of waiting.values()) waiter.reject(new Error("scale test: the receiver exited"));
      waiting.clear();
      resolve();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
  });
  child.on("message", (reply: ReceiverReply) => {
    const waiter = waiting.get(reply.id);
    if (waiter === undefined) return;
    waiting.delete(reply.id);
    if (reply.error !== undefined) waiter.reject(new Error(`scale test: receiver: ${reply.error}`));
    else waiter.resolve(reply.result);
  });
  await ready;

  let nextId = 1;
  function call<T>(command: Command): Promise<T> {
    if (exited) return Promise.reject(new Error("scale test: the receiver is not running"));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(
          new Error(`scale test: the receiver did not answer ${command.op} within ${REPLY_TIMEOUT_MS} ms`),
        );
      }, REPLY_TIMEOUT_MS);
      waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...command, id });
    });
  }

  return {
    listen: (ports, secret, answerDelayMs) => call<number[]>({ op: "listen", ports, secret, answerDelayMs }),
    totals: () => call<ReceiverTotals>({ op: "total" }),
    counts: () => call<ReceiverCounts>({ op: "counts" }),
    async stop() {
      if (exited) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}
