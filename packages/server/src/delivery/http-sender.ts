import type { LookupFunction } from "node:net";
import { Agent, type buildConnector } from "undici";
import { boundedResponseHeaders } from "../domain/attempt-headers.js";
import { classifySendError } from "./classify-send-error.js";
import { createDeadlineQueue } from "./deadline-queue.js";
import { createEndpointConnectionPools } from "./endpoint-connection-pools.js";
import { type ExchangeResult, startResponseExchange } from "./response-exchange.js";
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

/** The send's outcome for what the exchange answered. */
function outcomeOf(result: ExchangeResult, timeoutMs: number): SendOutcome {
  const { durationMs } = result;
  if (result.kind === "timed_out") {
    return {
      kind: "failed",
      errorKind: "timeout",
      errorMessage: `no complete answer within ${timeoutMs} ms`,
      durationMs,
    };
  }
  if (result.kind === "failed") return { kind: "failed", ...classifySendError(result.error), durationMs };
  return {
    kind: "answered",
    statusCode: result.statusCode,
    durationMs,
    responseExcerpt: result.excerpt.toString("utf8"),
    responseHeaders: boundedResponseHeaders(result.headers),
    ...retryAfterOf(result.headers["retry-after"]),
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
  const limits = { timeoutMs, excerptBytes, discardLimitBytes: DISCARD_LIMIT_BYTES };
  const deadlines = createDeadlineQueue();

  function send(request: SendRequest): Promise<SendOutcome> {
    return new Promise((resolve) => {
      let target: RequestTarget;
      try {
        target = targetOf(request.url);
      } catch (error) {
        resolve({ kind: "failed", ...classifySendError(error), durationMs: 0 });
        return;
      }
      // The pool stays in use until undici is done with the request (the rest of the body drained).
      const borrowed = pools.borrow(request.endpointId);
      startResponseExchange(
        borrowed.pool,
        { origin: target.origin, path: target.path, headers: request.headers, body: request.body },
        limits,
        deadlines,
        (result) => resolve(outcomeOf(result, timeoutMs)),
        borrowed.release,
      );
    });
  }

  return {
    send,
    close: () => pools.close(),
  };
}
