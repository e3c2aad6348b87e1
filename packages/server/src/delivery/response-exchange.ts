import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import type { Deadline, DeadlineQueue } from "./deadline-queue.js";

/** One POST as undici's `dispatch` takes it: the target split once per URL, the exact body bytes. */
export interface ExchangeRequest {
  readonly origin: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface ExchangeLimits {
  /** The whole answer (connect, status line, headers and the excerpt) must come within this. */
  readonly timeoutMs: number;
  /** How much of the response body is kept. */
  readonly excerptBytes: number;
  /**
   * After the excerpt, the rest of the body is read and thrown away (so the connection can be reused)
   * up to this many bytes, within the same deadline; a longer body closes the connection instead.
   */
  readonly discardLimitBytes: number;
}

/** What became of one exchange, known as soon as the status, the headers and the excerpt are in. */
export type ExchangeResult =
  | {
      readonly kind: "answered";
      readonly statusCode: number;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      /** The first `excerptBytes` of the body (fewer when it ended before). */
      readonly excerpt: Buffer;
      readonly durationMs: number;
    }
  /** The transport failed before a complete answer: the error as undici, `net` or `tls` gave it. */
  | { readonly kind: "failed"; readonly error: unknown; readonly durationMs: number }
  /** No complete answer within `timeoutMs`. */
  | { readonly kind: "timed_out"; readonly durationMs: number };

const EMPTY = Buffer.alloc(0);

/**
 * One POST through undici's low-level `dispatch`, with a handler that keeps only what the attempt log
 * needs: the status, the headers and a bounded excerpt of the body, which is drained past it without
 * being buffered. `request()` would wrap every answer in a Readable stream, an AbortSignal and a few
 * promises, a large part of the sender's CPU per POST. Its deadline sits in a shared `DeadlineQueue`.
 *
 * `onSettled` is called once, as soon as the result is known; `onFinished` once undici is done with the
 * request (its body drained, or its connection closed), which can be later: the connection stays busy
 * until then.
 */
class ResponseExchange implements Dispatcher.DispatchHandler {
  private readonly startedAt = performance.now();
  private controller: Dispatcher.DispatchController | undefined;
  private deadline: Deadline | undefined;
  private settled = false;
  private expired = false;
  private finished = false;
  private statusCode = 0;
  private headers: Readonly<Record<string, string | string[] | undefined>> = {};
  /** The excerpt's first chunk, kept as is: most answers fit in one. */
  private firstChunk: Buffer | undefined;
  private moreChunks: Buffer[] | undefined;
  private excerptSize = 0;
  private discardedSize = 0;

  constructor(
    private readonly limits: ExchangeLimits,
    private readonly deadlines: DeadlineQueue,
    private readonly onSettled: (result: ExchangeResult) => void,
    private readonly onFinished: () => void,
  ) {}

  start(dispatcher: Dispatcher, request: ExchangeRequest): void {
    this.deadline = this.deadlines.add(this.limits.timeoutMs, () => this.expire());
    try {
      dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: "POST",
          headers: request.headers,
          body: request.body,
        },
        this,
      );
    } catch (error) {
      // Refused before it was taken (a closed agent, a header undici rejects): nothing is in flight.
      this.settle({ kind: "failed", error, durationMs: this.elapsed() });
      this.finish();
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // A request queued behind busy connections may start after its deadline: it is not sent then.
    if (this.expired) controller.abort(this.timeoutError());
    else this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // an informational answer; the real one follows
    this.statusCode = statusCode;
    this.headers = headers;
    if (this.limits.excerptBytes <= 0) this.answer();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) {
      this.discard(controller, chunk.length);
      return;
    }
    const room = this.limits.excerptBytes - this.excerptSize;
    const taken = chunk.length <= room ? chunk : chunk.subarray(0, room);
    if (this.firstChunk === undefined) this.firstChunk = taken;
    else if (this.moreChunks === undefined) this.moreChunks = [taken];
    else this.moreChunks.push(taken);
    this.excerptSize += taken.length;
    if (this.excerptSize < this.limits.excerptBytes) return;
    this.answer();
    this.discard(controller, chunk.length - taken.length);
  }

  onResponseEnd(): void {
    this.answer();
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // After the answer, an error (the deadline, the discard limit, a reset) only ends the draining.
    this.settle({ kind: "failed", error, durationMs: this.elapsed() });
    this.finish();
  }

  private expire(): void {
    this.deadline = undefined;
    this.expired = true;
    this.settle({ kind: "timed_out", durationMs: this.elapsed() });
    // Closes the connection: whatever the receiver still sends could not be told from the next answer.
    this.controller?.abort(this.timeoutError());
  }

  private discard(controller: Dispatcher.DispatchController, size: number): void {
    this.discardedSize += size;
    if (this.discardedSize > this.limits.discardLimitBytes) {
      controller.abort(
        new Error(`response body longer than the ${this.limits.discardLimitBytes} bytes read`),
      );
    }
  }

  private answer(): void {
    if (this.settled) return;
    const excerpt =
      this.moreChunks === undefined
        ? (this.firstChunk ?? EMPTY)
        : Buffer.concat([this.firstChunk as Buffer, ...this.moreChunks], this.excerptSize);
    this.firstChunk = undefined;
    this.moreChunks = undefined;
    this.settle({
      kind: "answered",
      statusCode: this.statusCode,
      headers: this.headers,
      excerpt,
      durationMs: this.elapsed(),
    });
  }

  private settle(result: ExchangeResult): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettled(result);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.deadline !== undefined) this.deadlines.cancel(this.deadline);
    this.onFinished();
  }

  private elapsed(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  private timeoutError(): Error {
    return new Error(`no complete answer within ${this.limits.timeoutMs} ms`);
  }
}

/**
 * Sends `request` on `dispatcher` (an endpoint's undici Agent): see `ResponseExchange`. Never throws:
 * an error undici raises while taking the request is a `failed` result.
 */
export function startResponseExchange(
  dispatcher: Dispatcher,
  request: ExchangeRequest,
  limits: ExchangeLimits,
  deadlines: DeadlineQueue,
  onSettled: (result: ExchangeResult) => void,
  onFinished: () => void,
): void {
  new ResponseExchange(limits, deadlines, onSettled, onFinished).start(dispatcher, request);
}
