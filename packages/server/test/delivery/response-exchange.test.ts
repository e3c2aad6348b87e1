import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Agent, Dispatcher } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { classifySendError } from "../../src/delivery/classify-send-error.js";
import { createDeadlineQueue } from "../../src/delivery/deadline-queue.js";
import { type ExchangeResult, startResponseExchange } from "../../src/delivery/response-exchange.js";
import { waitFor } from "./support/wait-for.js";

const body = new TextEncoder().encode('{"id":"evt_1","event":"campaign.created","data":{}}');
const headers = { "Content-Type": "application/json" };
const limits = { timeoutMs: 400, excerptBytes: 1024, discardLimitBytes: 256 * 1024 };

/** A plain loopback server that hands each request to `handler` as it arrives (its body unread). */
interface RawReceiver {
  readonly origin: string;
  /** Requests that reached it, by path. */
  readonly paths: string[];
  /** Connections it accepted. */
  readonly sockets: Socket[];
}

const open: { servers: Server[]; agents: Agent[] } = { servers: [], agents: [] };
afterEach(async () => {
  await Promise.all(open.agents.splice(0).map((agent) => agent.destroy()));
  for (const server of open.servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function rawReceiver(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<RawReceiver> {
  const paths: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    handler(request, response);
  });
  server.on("connection", (socket) => sockets.push(socket));
  open.servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, sockets };
}

function agent(connections = 4): Agent {
  const made = new Agent({ connections, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
  open.agents.push(made);
  return made;
}

/** Runs one exchange: its result, and a promise of the moment undici is done with the request. */
function exchange(
  dispatcher: Agent,
  origin: string,
  options: { path?: string; requestBody?: Uint8Array; limits?: typeof limits } = {},
): { result: Promise<ExchangeResult>; finished: Promise<void> } {
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const result = new Promise<ExchangeResult>((resolve) => {
    startResponseExchange(
      dispatcher,
      { origin, path: options.path ?? "/hook", headers, body: options.requestBody ?? body },
      options.limits ?? limits,
      createDeadlineQueue(),
      resolve,
      finish,
    );
  });
  return { result, finished };
}

function errorKindOf(result: ExchangeResult): string {
  if (result.kind === "answered") return `answered ${result.statusCode}`;
  if (result.kind === "timed_out") return "timeout";
  return classifySendError(result.error).errorKind;
}

describe("response exchange", () => {
  it("keeps the status, the headers and the excerpt of a short answer, and leaves the connection reusable", async () => {
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(202, { "X-Request-Id": "r-1" }).end("accepted"));
    });
    const pool = agent(1);
    for (let i = 0; i < 3; i++) {
      const { result, finished } = exchange(pool, receiver.origin);
      const answered = await result;
      expect(answered).toMatchObject({ kind: "answered", statusCode: 202 });
      if (answered.kind !== "answered") throw new Error("expected an answer");
      expect(answered.excerpt.toString()).toBe("accepted");
      expect(answered.headers["x-request-id"]).toBe("r-1");
      await finished;
    }
    expect(receiver.sockets).toHaveLength(1);
  });

  it("bounds the excerpt when the receiver sends 10 MB, and closes the connection past the discard limit", async () => {
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      if (request.url === "/small") response.writeHead(204).end();
      else response.writeHead(200).end(Buffer.alloc(10 * 1024 * 1024, "y"));
    });
    const pool = agent(1);
    const big = exchange(pool, receiver.origin, { limits: { ...limits, timeoutMs: 5_000 } });
    const answered = await big.result;
    if (answered.kind !== "answered") throw new Error(`expected an answer, got ${answered.kind}`);
    expect(answered.excerpt.length).toBe(1024);
    expect(answered.excerpt.every((byte) => byte === "y".charCodeAt(0))).toBe(true);
    await big.finished;
    // Its connection was closed rather than read to the end: the next request needs a new one.
    expect(await exchange(pool, receiver.origin, { path: "/small" }).result).toMatchObject({
      statusCode: 204,
    });
    expect(receiver.sockets).toHaveLength(2);
    await waitFor("the first connection to be closed", () => receiver.sockets[0]?.destroyed === true);
  });

  it("answers at the excerpt of an endless body, then stops reading it", async () => {
    let written = 0;
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      response.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, "z");
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) written += chunk.length;
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    });
    const startedAt = performance.now();
    const { result, finished } = exchange(agent(), receiver.origin, {
      limits: { ...limits, timeoutMs: 5_000 },
    });
    expect(await result).toMatchObject({ kind: "answered", statusCode: 200 });
    await finished;
    // Closed past the discard limit, well before the 5 s deadline would have closed it.
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("times out when no status line comes (the headers timeout, classified as today)", async () => {
    const receiver = await rawReceiver((request) => request.resume()); // reads, never answers
    const startedAt = performance.now();
    const { result, finished } = exchange(agent(), receiver.origin);
    const timedOut = await result;
    expect(errorKindOf(timedOut)).toBe("timeout");
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(limits.timeoutMs - 20);
    expect(performance.now() - startedAt).toBeLessThan(limits.timeoutMs + 1_000);
    await finished;
  });

  it("times out when the headers came but the excerpt trickles in too slowly (the total deadline)", async () => {
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.write("a"); // then nothing, never ends
    });
    const { result, finished } = exchange(agent(), receiver.origin);
    expect(errorKindOf(await result)).toBe("timeout");
    await finished;
    await waitFor("the receiver's connection to be closed", () => receiver.sockets[0]?.destroyed === true);
  });

  it("classifies a receiver that resets the connection mid-body as a reset", async () => {
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      response.writeHead(200, { "Content-Length": "5000" });
      response.write("partial", () => response.socket?.resetAndDestroy());
    });
    const { result, finished } = exchange(agent(), receiver.origin);
    expect(errorKindOf(await result)).toBe("connection_reset");
    await finished;
  });

  it("classifies a receiver that closes the connection before answering", async () => {
    const receiver = await rawReceiver((_request, response) => response.socket?.destroy());
    const { result, finished } = exchange(agent(), receiver.origin);
    expect(errorKindOf(await result)).toBe("connection_reset");
    await finished;
  });

  it("never follows a redirect: a 302 is its status and its Location", async () => {
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      response.writeHead(302, { Location: "/elsewhere" }).end();
    });
    const answered = await exchange(agent(), receiver.origin, { path: "/moved" }).result;
    expect(answered).toMatchObject({ kind: "answered", statusCode: 302 });
    if (answered.kind === "answered") expect(answered.headers.location).toBe("/elsewhere");
    expect(receiver.paths).toEqual(["/moved"]);
  });

  it("times out against a receiver that never reads a large request body", async () => {
    const receiver = await rawReceiver(() => {}); // neither reads nor answers
    const requestBody = new Uint8Array(16 * 1024 * 1024); // more than the socket buffers hold
    const { result, finished } = exchange(agent(), receiver.origin, { requestBody });
    expect(errorKindOf(await result)).toBe("timeout");
    await finished;
  });

  it("takes the answer of a receiver that answers before reading the request", async () => {
    const receiver = await rawReceiver((_request, response) => {
      response.writeHead(413, { Connection: "close" }).end("too large");
    });
    const requestBody = new Uint8Array(4 * 1024 * 1024);
    const { result, finished } = exchange(agent(), receiver.origin, { requestBody });
    const outcome = await result;
    // Either the answer is read, or the write fails as the receiver closes: never a hang.
    expect(["answered 413", "connection_reset"]).toContain(errorKindOf(outcome));
    await finished;
  });

  it("gives up at its deadline a request queued behind a busy connection, which is then never sent", async () => {
    const held: ServerResponse[] = [];
    const receiver = await rawReceiver((request, response) => {
      request.resume();
      held.push(response);
    });
    const pool = agent(1);
    const first = exchange(pool, receiver.origin, {
      path: "/first",
      limits: { ...limits, timeoutMs: 5_000 },
    });
    await waitFor("the first request to be held", () => held.length === 1);
    const queued = exchange(pool, receiver.origin, {
      path: "/queued",
      limits: { ...limits, timeoutMs: 200 },
    });
    const startedAt = performance.now();
    expect(errorKindOf(await queued.result)).toBe("timeout");
    // At its own deadline, not when the busy connection frees up.
    expect(performance.now() - startedAt).toBeLessThan(1_500);
    held[0]?.writeHead(200).end("ok");
    expect(await first.result).toMatchObject({ kind: "answered", statusCode: 200 });
    await queued.finished;
    expect(receiver.paths).toEqual(["/first"]);
  });

  it("answers failed, and is done, whether the dispatcher refuses the request in a callback or by throwing", async () => {
    const closed = agent(1);
    await closed.close();
    class ThrowingDispatcher extends Dispatcher {
      override dispatch(): boolean {
        throw new Error("refused before it was taken");
      }
    }
    for (const dispatcher of [closed, new ThrowingDispatcher()]) {
      let finished = 0;
      const result = await new Promise<ExchangeResult>((resolve) => {
        startResponseExchange(
          dispatcher,
          { origin: "http://127.0.0.1:9", path: "/hook", headers, body },
          limits,
          createDeadlineQueue(),
          resolve,
          () => finished++,
        );
      });
      expect(result.kind).toBe("failed");
      expect(finished).toBe(1);
    }
  });
});
