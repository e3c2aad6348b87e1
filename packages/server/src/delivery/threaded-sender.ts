import { Worker } from "node:worker_threads";
import { type ThreadEntry, threadEntry } from "../threads/thread-entry.js";
import type { DeliverySender, SendOutcome, SendRequest } from "./sender.js";
import type { FromSenderThread, SenderThreadData, ToSenderThread } from "./sender-thread-messages.js";

/** How long `close()` lets the thread finish the requests it runs before ending it. */
const CLOSE_GRACE_MS = 10_000;

export interface ThreadedSenderOptions extends SenderThreadData {
  /** The thread ended without being asked to (its requests were answered `failed`); a new one starts. */
  readonly onThreadFailure?: (error: Error) => void;
  /** The thread's code; by default `sender-thread` beside this file. */
  readonly entry?: ThreadEntry;
}

/** The outcome of a request the thread did not answer: it may or may not have been sent. */
function unanswered(errorMessage: string): SendOutcome {
  return { kind: "failed", errorKind: "network", errorMessage, durationMs: 0 };
}
const LOST_IN_THREAD = unanswered("the sending thread stopped before the answer came");

/**
 * A `DeliverySender` whose POSTs are made by `createHttpSender` in a worker thread of its own
 * (`sender-thread.ts`): on two cores the HTTP work then runs beside the claims, the signing and the
 * recording instead of after them. Requests made in one turn of the event loop go in one message, and
 * outcomes come back likewise. If the thread dies, what it was sending is answered `failed` (so retried,
 * as any attempt whose answer was lost) and the next send starts another.
 */
export function createThreadedSender(options: ThreadedSenderOptions): DeliverySender {
  const { onThreadFailure, entry = threadEntry(import.meta.url, "sender-thread"), ...workerData } = options;
  const waiting = new Map<number, (outcome: SendOutcome) => void>();
  let lastId = 0;
  let outbox: (readonly [number, SendRequest])[] = [];
  let thread: Worker | null = null;
  let closing: Promise<void> | null = null;

  function post(worker: Worker, message: ToSenderThread): void {
    worker.postMessage(message);
  }

  function answerNow(id: number, outcome: SendOutcome): void {
    const resolve = waiting.get(id);
    if (resolve === undefined) return;
    waiting.delete(id);
    resolve(outcome);
  }

  function start(): Worker {
    const worker = new Worker(entry.filename, { eval: entry.eval, workerData });
    let failure: Error | undefined;
    worker.on("message", (message: FromSenderThread) => {
      for (const [id, outcome] of message.outcomes) answerNow(id, outcome);
      if (waiting.size === 0) worker.unref();
    });
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", (code) => {
      if (thread === worker) thread = null;
      const answered = [...waiting.values()];
      waiting.clear();
      for (const resolve of answered) resolve(LOST_IN_THREAD);
      if (closing === null)
        onThreadFailure?.(failure ?? new Error(`the sending thread ended with exit code ${code}`));
    });
    worker.unref(); // idle, it must not keep the process alive
    return worker;
  }

  function flush(): void {
    const requests = outbox;
    outbox = [];
    thread ??= start();
    thread.ref(); // answers are awaited: the process must not end under them
    try {
      post(thread, { type: "send", requests });
    } catch (error) {
      // A request that cannot be copied to the thread (none should) fails alone, as a send would.
      const errorMessage = `voicehire-webhooks: the request could not reach the sending thread: ${String(error)}`;
      for (const [id] of requests) answerNow(id, unanswered(errorMessage));
    }
  }

  function send(request: SendRequest): Promise<SendOutcome> {
    if (closing !== null) return Promise.resolve(unanswered("the sender is closed"));
    return new Promise((resolve) => {
      const id = ++lastId;
      waiting.set(id, resolve);
      if (outbox.length === 0) queueMicrotask(flush);
      outbox.push([id, request]);
    });
  }

  async function closeThread(): Promise<void> {
    const worker = thread;
    if (worker === null) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    post(worker, { type: "close" });
    const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited.finally(() => clearTimeout(timer));
  }

  // Started now, not at the first send: loading it takes a few hundred ms the first delivery should not wait.
  thread = start();
  return {
    send,
    close() {
      closing ??= Promise.resolve().then(closeThread);
      return closing;
    },
  };
}
