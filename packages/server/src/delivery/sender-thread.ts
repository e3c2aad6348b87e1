import { parentPort, workerData } from "node:worker_threads";
import { createAddressPolicy, createGuardedConnector } from "../ssrf/index.js";
import { createHttpSender } from "./http-sender.js";
import type { SendOutcome } from "./sender.js";
import type { FromSenderThread, SenderThreadData, ToSenderThread } from "./sender-thread-messages.js";

/**
 * The body of the sending thread (started by `threaded-sender.ts`): the HTTP sender, its connection
 * pools and the SSRF guard live here, so undici's parsing and the sockets' writes run beside the
 * service's event loop instead of on it. Outcomes are posted together, once per turn of this loop.
 */
const data = workerData as SenderThreadData;
const port = parentPort;
if (port === null) throw new Error("voicehire-webhooks: the sending thread must run as a worker thread");

const sender = createHttpSender({
  timeoutMs: data.timeoutMs,
  excerptBytes: data.excerptBytes,
  connectionsPerEndpoint: data.connectionsPerEndpoint,
  connector: createGuardedConnector(createAddressPolicy(data.addressPolicy), { timeout: data.timeoutMs }),
});
const post = (message: FromSenderThread) => port.postMessage(message);

let ready: [number, SendOutcome][] = [];
function answer(id: number, outcome: SendOutcome): void {
  if (ready.length === 0) setImmediate(flush);
  ready.push([id, outcome]);
}
function flush(): void {
  const outcomes = ready;
  ready = [];
  post({ type: "outcomes", outcomes });
}

port.on("message", (message: ToSenderThread) => {
  if (message.type === "send") {
    for (const [id, request] of message.requests)
      void sender.send(request).then((outcome) => answer(id, outcome));
    return;
  }
  void sender.close().then(() => {
    if (ready.length > 0) flush();
    port.close(); // nothing else keeps the thread alive: it ends
  });
});
