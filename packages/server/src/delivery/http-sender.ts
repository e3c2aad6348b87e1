import type { LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import { Agent, type buildConnector } from "undici";
import { boundedResponseHeaders } from "../domain/attempt-headers.js";
import { classifySendError } from "./classify-send-error.js";
import { createEndpointConnectionPools } from "./endpoint-connection-pools.js";
import { parseRetryAfter } from "./retry-after.js";
import type { DeliverySender, SendOutcome, SendRequest } from "./sender.js";

export interface HttpSenderOptions {
  /** The whole answer (connect, status line, headers and the excerpt) must come within this. Default 5000. */
  readonly timeoutMs?: number;
  /** How much of the response body is kept. Default 1024. */
  readonly excerptBytes?: number;
  /**
   * At most this many connections per endpoint (to its origin): the worker's per-endpoint in-flight
   * bound, `maxInFlightPerEndpoint`. Endpoints never share connections, even on one host. Default 32.
   */
  readonly connectionsPerEndpoint?: number;
  /** Idle keep-alive connections are closed after this, and an endpoint's pool too. Default 30000. */
  readonly keepAliveTimeoutMs?: number;
  /**
   * At most this many endpoints keep their pool (and its keep-alive connections) while idle; beyond,
   * the least recently used are closed. Default 256.
   */
  readonly maxIdleEndpointPools?: number;
  /**
   * How host names are resolved at connect time (`net.connect`'s `lookup`): a seam for the SSRF
   * guard. An error with the guard's `BLOCKED_ADDRESS_ERROR_CODE` makes the attempt `blocked`.
   */
  readonly lookup?: LookupFunction;
  /** Extra trusted certificate authorities (PEM), e.g. a test's self-signed certificate. */
  readonly ca?: string | readonly string[];
  /**
   * A whole undici connector instead (e.g. the SSRF guard's `createGuardedConnector`, which also
   * checks IP-literal hosts that `lookup` never sees). It then owns `lookup`, `ca` and the connect
   * timeout: those options are ignored.
   */
  readonly connector?: buildConnector.connector;
}

/**
 * After the excerpt, the rest of the body is read and thrown away (so the connection can be reused)
 * up to this many bytes; a longer body closes the connection instead.
 */
const DISCARD_LIMIT_BYTES = 256 * 1024;

type ResponseBody = Awaited<ReturnType<Agent["request"]>>["body"];

/** Reads up to `maxBytes` of `body`, stopping early at its end; the rest stays unread. */
function readExcerpt(body: ResponseBody, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      body.off("data", onData);
      body.off("end", finish);
      body.off("error", onError);
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: unknown) => {
      body.off("data", onData);
      body.off("end", finish);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      const take = Math.min(chunk.length, maxBytes - size);
      if (take > 0) {
        chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
        size += take;
      }
      if (size >= maxBytes) finish();
    };
    if (maxBytes <= 0) return finish();
    body.on("data", onData);
    body.once("end", finish);
    body.once("error", onError);
  });
}

/** An endpoint URL split as undici takes it; parsed once per URL, not per POST. */
interface RequestTarget {
  readonly origin: string;
  readonly path: string;
}

function createTargetCache(maxEntries: number): (url: string) => RequestTarget {
  const known = new Map<string, RequestTarget>();
  return (url) => {
    let target = known.get(url);
    if (target === undefined) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (known.size >= maxEntries) known.clear();
      known.set(url, target);
    }
    return target;
  };
}

/** The `retryAfterMs` field of an answer, when its `Retry-After` header is usable. */
function retryAfterOf(header: string | string[] | undefined): { retryAfterMs?: number } {
  const retryAfterMs = parseRetryAfter(header, Date.now());
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

/**
 * A `DeliverySender` on one undici `Agent` per endpoint: keep-alive, a bounded number of connections
 * per endpoint, no pipelining. One agent per origin would let the slow endpoints of a shared host take
 * every connection, and the healthy endpoints of that host would wait up to the attempt deadline.
 */
export function createHttpSender(options: HttpSenderOptions = {}): DeliverySender {
  const timeoutMs = options.timeoutMs ?? 5000;
  const excerptBytes = options.excerptBytes ?? 1024;
  // Passed through to `net.connect` / `tls.connect` by undici's connector.
  const connectOptions = {
    timeout: timeoutMs,
    ...(options.lookup !== undefined ? { lookup: options.lookup } : {}),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  } as buildConnector.BuildOptions;
  const connect = options.connector ?? connectOptions;
  const keepAliveMs = options.keepAliveTimeoutMs ?? 30_000;
  const pools = createEndpointConnectionPools({
    create: () =>
      new Agent({
        connections: options.connectionsPerEndpoint ?? 32,
        pipelining: 1,
        keepAliveTimeout: keepAliveMs,
        keepAliveMaxTimeout: keepAliveMs,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        connect,
      }),
    // Its connections are closed by then anyway: the agent left is only an empty shell.
    idleCloseMs: keepAliveMs,
    maxIdlePools: options.maxIdleEndpointPools ?? 256,
  });

  const targetOf = createTargetCache(4096);

  async function send(request: SendRequest): Promise<SendOutcome> {
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      const target = targetOf(request.url);
      // The pool stays in use until the excerpt is read: the connection is busy until then.
      const { response, excerpt } = await pools.use(request.endpointId, async (agent) => {
        const answer = await agent.request({
          origin: target.origin,
          path: target.path,
          method: "POST",
          headers: request.headers,
          body: request.body,
          signal: deadline.signal,
        });
        return { response: answer, excerpt: await readExcerpt(answer.body, excerptBytes) };
      });
      const durationMs = elapsed();
      // The rest of the body is read within the same deadline (the whole answer's), which then ends.
      response.body
        .dump({ limit: DISCARD_LIMIT_BYTES, signal: deadline.signal })
        .catch(() => {})
        .finally(() => clearTimeout(timer));
      return {
        kind: "answered",
        statusCode: response.statusCode,
        durationMs,
        responseExcerpt: excerpt.toString("utf8"),
        responseHeaders: boundedResponseHeaders(response.headers),
        ...retryAfterOf(response.headers["retry-after"]),
      };
    } catch (error) {
      clearTimeout(timer);
      const durationMs = elapsed();
      if (timedOut) {
        return {
          kind: "failed",
          errorKind: "timeout",
          errorMessage: `no complete answer within ${timeoutMs} ms`,
          durationMs,
        };
      }
      return { kind: "failed", ...classifySendError(error), durationMs };
    }
  }

  return {
    send,
    close: () => pools.close(),
  };
}
