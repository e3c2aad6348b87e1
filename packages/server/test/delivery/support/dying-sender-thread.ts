import { parentPort } from "node:worker_threads";
import type { FromSenderThread, ToSenderThread } from "../../../src/delivery/sender-thread-messages.js";

/**
 * A stand-in for the sending thread that ends itself (as a crash would) when asked to POST to a path
 * ending in `/die`, and otherwise answers 200 at once without any network: what the service's side of
 * the thread does when its thread dies is what it shows.
 */
const port = parentPort;
if (port === null) throw new Error("must run as a worker thread");
port.on("message", (message: ToSenderThread) => {
  if (message.type === "close") {
    port.close();
    return;
  }
  if (message.requests.some(([, request]) => request.url.endsWith("/die"))) process.exit(3);
  const outcomes = message.requests.map(
    ([id]) =>
      [id, { kind: "answered", statusCode: 200, durationMs: 1, responseExcerpt: "stand-in" }] as const,
  );
  port.postMessage({ type: "outcomes", outcomes } satisfies FromSenderThread);
});
