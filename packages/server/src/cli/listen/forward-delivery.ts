import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type OutgoingHttpHeaders,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** What the local app did with a forwarded delivery. */
export type ForwardOutcome =
  | {
      readonly kind: "answered";
      readonly status: number;
      readonly contentType?: string;
      /** The app's answer body, cut at `MAX_ANSWER_BYTES`. */
      readonly body: Buffer;
      readonly durationMs: number;
    }
  | {
      readonly kind: "failed";
      /** `unreachable`: connection refused, reset, DNS...; `timed_out`: no answer in time. */
      readonly reason: "unreachable" | "timed_out";
      readonly message: string;
      readonly durationMs: number;
    };

export interface DeliveryForwarder {
  /**
   * POSTs `body` (the exact bytes received) with `headers` (name → values, in the received casing) to
   * the app. Never throws: a failure is an outcome.
   */
  forward(body: Uint8Array, headers: ReadonlyMap<string, readonly string[]>): Promise<ForwardOutcome>;
  /** Drops kept-alive connections to the app. */
  close(): void;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/** Node's connection errors may have an empty message (an AggregateError of every address tried). */
function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (error.message !== "") return error.message;
  return typeof code === "string" ? code : error.name;
}

function elapsedSince(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

/** A forwarder to one URL, on its own keep-alive agent; each request gives up after `timeoutMs`. */
export function createDeliveryForwarder(target: URL, timeoutMs: number): DeliveryForwarder {
  const secure = target.protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;

  function forward(
    body: Uint8Array,
    headers: ReadonlyMap<string, readonly string[]>,
  ): Promise<ForwardOutcome> {
    const outgoing: OutgoingHttpHeaders = { "Content-Length": String(body.length) };
    for (const [name, values] of headers) outgoing[name] = values.length === 1 ? values[0] : [...values];
    const start = process.hrtime.bigint();
    return new Promise((resolve) => {
      let settled = false;
      let request: ClientRequest | undefined;
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: ForwardOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const fail = (reason: "unreachable" | "timed_out", error: Error) => {
        settle({ kind: "failed", reason, message: describeError(error), durationMs: elapsedSince(start) });
        request?.destroy();
      };
      timer = setTimeout(() => fail("timed_out", new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request = send(target, { method: "POST", headers: outgoing, agent }, (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - kept));
          kept += chunk.length;
        });
        response.on("end", () => {
          const contentType = response.headers["content-type"];
          settle({
            kind: "answered",
            status: response.statusCode ?? 502,
            ...(contentType === undefined ? {} : { contentType }),
            body: Buffer.concat(chunks),
            durationMs: elapsedSince(start),
          });
        });
        response.on("error", (error) => fail("unreachable", error));
      });
      request.on("error", (error) => fail("unreachable", error));
      request.end(body);
    });
  }

  return { forward, close: () => agent.destroy() };
}
