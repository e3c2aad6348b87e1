/**
 * A webhook receiver in its own process (so the test process is never the bottleneck): plain node:http
 * on 127.0.0.1, one server per port the parent asks for, answering 200 at once. It counts every request
 * by `<path> <X-VoiceHire-Event-Id>` (one endpoint, one event: one delivery) and checks each
 * `X-VoiceHire-Signature` against the secret the parent gives. Answers may be held back a few
 * milliseconds, like a real receiver's work. Driven over IPC; exits with its parent.
 *
 * Run with `node --import tsx` (see counting-receiver.ts).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceiverCommand, ReceiverReply } from "./counting-receiver-protocol.js";

const servers: Server[] = [];
const countsByDelivery = new Map<string, number>();
let total = 0;
let badSignatures = 0;
let secret = "";
/** How long each answer is held back: with it, a busy worker always has POSTs in flight. */
let answerDelayMs = 0;

function signatureIsValid(header: string | string[] | undefined, body: Buffer): boolean {
  if (typeof header !== "string" || secret === "") return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on("error", () => {});
  response.on("error", () => {});
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const key = `${request.url ?? "/"} ${String(request.headers["x-voicehire-event-id"])}`;
    countsByDelivery.set(key, (countsByDelivery.get(key) ?? 0) + 1);
    total++;
    if (!signatureIsValid(request.headers["x-voicehire-signature"], Buffer.concat(chunks))) badSignatures++;
    const answer = () => {
      response.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
      response.end("ok");
    };
    if (answerDelayMs > 0) setTimeout(answer, answerDelayMs);
    else answer();
  });
}

async function listen(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer({ keepAliveTimeout: 60_000 }, handle);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  return ports;
}

async function answer(command: ReceiverCommand): Promise<unknown> {
  switch (command.op) {
    case "listen":
      secret = command.secret;
      answerDelayMs = command.answerDelayMs;
      return listen(command.ports);
    case "total":
      return { total, badSignatures };
    case "counts":
      return { total, badSignatures, counts: [...countsByDelivery] };
  }
}

process.on("message", (command: ReceiverCommand) => {
  answer(command).then(
    (result) => process.send?.({ id: command.id, result } satisfies ReceiverReply),
    (error: unknown) => process.send?.({ id: command.id, error: String(error) } satisfies ReceiverReply),
  );
});
process.on("disconnect", () => {
  for (const server of servers) server.closeAllConnections();
  process.exit(0);
});
process.send?.({ id: 0, result: "ready" } satisfies ReceiverReply);
