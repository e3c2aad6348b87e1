import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpSender } from "../../src/delivery/http-sender.js";
import type { DeliverySender, SendOutcome } from "../../src/delivery/sender.js";
import { startReceiver, type TestReceiver } from "./support/receiver.js";
import { waitFor } from "./support/wait-for.js";

const body = new TextEncoder().encode('{"id":"evt_1","event":"campaign.created","data":{}}');
const headers = { "Content-Type": "application/json" };

const open: { receivers: TestReceiver[]; senders: DeliverySender[] } = { receivers: [], senders: [] };
afterEach(async () => {
  await Promise.all(open.senders.splice(0).map((s) => s.close()));
  await Promise.all(open.receivers.splice(0).map((r) => r.close()));
});

/** One host:port for both endpoints: `/hang` holds every request until told, `/ok` answers at once. */
async function sharedHost(): Promise<{ target: TestReceiver; held: ServerResponse[] }> {
  const held: ServerResponse[] = [];
  const target = await startReceiver((request, response) => {
    if (request.path === "/hang") held.push(response);
    else response.writeHead(204).end();
  });
  open.receivers.push(target);
  return { target, held };
}

describe("http sender: connections per endpoint", () => {
  it("answers an endpoint at once while another endpoint of the same origin has all its connections busy", async () => {
    const { target, held } = await sharedHost();
    const sender = createHttpSender({ connectionsPerEndpoint: 2, timeoutMs: 4_000 });
    open.senders.push(sender);
    const hanging: Promise<SendOutcome>[] = [];
    for (let i = 0; i < 3; i++) {
      hanging.push(sender.send({ endpointId: "ep_slow", url: `${target.url}/hang`, headers, body }));
    }
    // Its two connections are taken, the third request queues behind them.
    await waitFor("the slow endpoint's connections to be busy", () => held.length === 2);

    const started = Date.now();
    const outcome = await sender.send({ endpointId: "ep_fast", url: `${target.url}/ok`, headers, body });
    expect(outcome).toMatchObject({ kind: "answered", statusCode: 204 });
    // On one pool per origin it would have queued behind the hanging ones until the deadline (4 s).
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(held).toHaveLength(2); // still hanging, and the slow endpoint never got a third connection

    const okRequest = target.requests.find((r) => r.path === "/ok");
    const hangPorts = new Set(target.requests.filter((r) => r.path === "/hang").map((r) => r.remotePort));
    expect(hangPorts.size).toBe(2);
    expect(hangPorts.has(okRequest?.remotePort ?? -1)).toBe(false);

    for (const response of held.splice(0)) response.writeHead(200).end();
    await waitFor("the queued request to reach the slow endpoint", () => held.length === 1);
    held[0]?.writeHead(200).end();
    const outcomes = await Promise.all(hanging);
    expect(outcomes.map((o) => (o.kind === "answered" ? o.statusCode : o.errorKind))).toEqual([
      200, 200, 200,
    ]);
  });
});
