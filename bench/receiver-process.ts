/**
 * The bench's webhook receiver, run in its own process so that it never shares an event loop with
 * the load generator or the service. Plain node:http on 127.0.0.1, one server per port the parent asks
 * for (each port is a distinct origin, like distinct customers).
 *
 * - `/ok/...` and `/lat/...`: read the body, answer 200 `ok` at once; counted per path.
 * - `/lat/...` also keeps `[X-VoiceHire-Event-Id, time]` receipts for the latency scenario.
 * - `/ord/...` also reads each body's candidate id and event number, to check the order per key.
 * - `/hang/...`: read the body and never answer (until the connection is closed by the client or a reset).
 *
 * Driven over IPC (see receiver-protocol.ts). Exits when the parent goes away.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { monotonicMs } from "./monotonic-clock.js";
import {
  type LatencyReceipt,
  type OrderStats,
  orderNumberOf,
  type PathStats,
  type ReceiverReply,
  type ReceiverRequest,
  type ReceiverStats,
} from "./receiver-protocol.js";

const servers: Server[] = [];
let byPath = new Map<string, PathStats>();
const hanging = new Set<ServerResponse>();
let hangArrivals = 0;
let receipts: LatencyReceipt[] = [];

/** Per `/ord/` path: each key's highest event number so far, the keys seen out of order, repeats. */
interface KeyOrder {
  readonly highest: Map<string, number>;
  readonly outOfOrder: Set<string>;
  repeats: number;
}
let orderByPath = new Map<string, KeyOrder>();

function noteOrder(path: string, body: Buffer): void {
  let envelope: { data?: { candidate_id?: unknown } } | null = null;
  try {
    envelope = JSON.parse(body.toString("utf8"));
  } catch {
    return;
  }
  const key = envelope?.data?.candidate_id;
  const number = orderNumberOf(envelope?.data);
  if (typeof key !== "string" || number === undefined) return;
  let order = orderByPath.get(path);
  if (order === undefined) {
    order = { highest: new Map(), outOfOrder: new Set(), repeats: 0 };
    orderByPath.set(path, order);
  }
  const highest = order.highest.get(key);
  if (highest === undefined || number > highest) order.highest.set(key, number);
  else if (number === highest) order.repeats++;
  else order.outOfOrder.add(key);
}

function orderStats(): Record<string, OrderStats> {
  return Object.fromEntries(
    [...orderByPath].map(([path, order]) => [
      path,
      { keys: order.highest.size, keysOutOfOrder: order.outOfOrder.size, repeats: order.repeats },
    ]),
  );
}

function count(path: string, now: number): void {
  const stats = byPath.get(path);
  if (stats === undefined) byPath.set(path, { count: 1, firstMs: now, lastMs: now });
  else {
    stats.count++;
    stats.lastMs = now;
  }
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? "/";
  request.on("error", () => {});
  response.on("error", () => {});
  if (path.startsWith("/hang/")) {
    hangArrivals++;
    hanging.add(response);
    response.on("close", () => hanging.delete(response));
    request.resume(); // drain the body; never answer
    return;
  }
  const ordered = path.startsWith("/ord/");
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => {
    if (ordered) chunks.push(chunk);
  });
  request.on("end", () => {
    const now = monotonicMs();
    count(path, now);
    if (ordered) noteOrder(path, Buffer.concat(chunks));
    if (path.startsWith("/lat/")) {
      const eventId = request.headers["x-voicehire-event-id"];
      if (typeof eventId === "string") receipts.push([eventId, now]);
    }
    response.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
    response.end("ok");
  });
}

async function listen(howMany: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < howMany; i++) {
    const server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, handle);
    server.headersTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  return ports;
}

function stats(): ReceiverStats {
  return { byPath: Object.fromEntries(byPath), hangingNow: hanging.size, hangArrivals };
}

function reset(): void {
  byPath = new Map();
  receipts = [];
  orderByPath = new Map();
  hangArrivals = 0;
  for (const response of hanging) response.destroy();
  hanging.clear();
}

async function answer(request: ReceiverRequest): Promise<unknown> {
  switch (request.op) {
    case "listen":
      return listen(request.count);
    case "stats":
      return stats();
    case "orderStats":
      return orderStats();
    case "takeReceipts": {
      const taken = receipts;
      receipts = [];
      return taken;
    }
    case "reset":
      reset();
      return null;
  }
}

process.on("message", (message: ReceiverRequest) => {
  answer(message).then(
    (result) => process.send?.({ id: message.id, result } satisfies ReceiverReply),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) } satisfies ReceiverReply),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ id: 0, result: "ready" } satisfies ReceiverReply);
