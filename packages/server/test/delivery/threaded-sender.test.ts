import { afterEach, describe, expect, it } from "vitest";
import type { DeliverySender, SendRequest } from "../../src/delivery/sender.js";
import { createThreadedSender, type ThreadedSenderOptions } from "../../src/delivery/threaded-sender.js";
import { threadEntry } from "../../src/threads/thread-entry.js";
import { type ReceiverHandler, startReceiver, type TestReceiver } from "./support/receiver.js";

const body = new TextEncoder().encode(
  '{"id":"evt_1","event":"campaign.created","data":{"job_title":"Développeur"}}',
);
const headers = { "Content-Type": "application/json", "X-VoiceHire-Event": "campaign.created" };
const loopbackAllowed = { allowCidrs: [], allowLoopback: true, allowPrivate: false };

const open: { receivers: TestReceiver[]; senders: DeliverySender[] } = { receivers: [], senders: [] };
afterEach(async () => {
  await Promise.all(open.senders.splice(0).map((sender) => sender.close()));
  await Promise.all(open.receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(handler: ReceiverHandler): Promise<TestReceiver> {
  const started = await startReceiver(handler);
  open.receivers.push(started);
  return started;
}

function sender(options: Partial<ThreadedSenderOptions> = {}): DeliverySender {
  const created = createThreadedSender({
    timeoutMs: 2000,
    excerptBytes: 64,
    connectionsPerEndpoint: 8,
    addressPolicy: loopbackAllowed,
    ...options,
  });
  open.senders.push(created);
  return created;
}

const request = (url: string): SendRequest => ({ endpointId: "ep_1", url, headers, body });

describe("the threaded sender", () => {
  it("makes the POST in its thread and answers what the receiver said", async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(201, { "x-request-id": "req-42", "set-cookie": "session=secret" });
      response.end("accepted, thanks");
    });
    const outcome = await sender().send(request(`${target.url}/hooks?a=1`));
    expect(outcome).toMatchObject({ kind: "answered", statusCode: 201, responseExcerpt: "accepted, thanks" });
    expect(outcome.kind === "answered" && outcome.responseHeaders?.["x-request-id"]).toBe("req-42");
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.path).toBe("/hooks?a=1");
    expect(target.requests[0]?.headers["x-voicehire-event"]).toBe("campaign.created");
    expect(target.requests[0]?.body.equals(Buffer.from(body))).toBe(true);
  });

  it("keeps the SSRF guard in the thread: a loopback receiver is blocked unless the policy allows it", async () => {
    const target = await receiver((_request, response) => response.end("ok"));
    const outcome = await sender({ addressPolicy: { ...loopbackAllowed, allowLoopback: false } }).send(
      request(target.url),
    );
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "blocked" });
    expect(target.requests).toHaveLength(0);
  });

  it("answers each of many requests made in one turn with its own outcome", async () => {
    const target = await receiver((received, response) => response.end(received.path));
    const threaded = sender();
    const paths = Array.from({ length: 300 }, (_, index) => `/e/${index}`);
    const outcomes = await Promise.all(
      paths.map((path, index) =>
        threaded.send({ ...request(`${target.url}${path}`), endpointId: `ep_${index % 7}` }),
      ),
    );
    expect(
      outcomes.map((outcome) => (outcome.kind === "answered" ? outcome.responseExcerpt : outcome.kind)),
    ).toEqual(paths);
  });

  it("lets the requests it runs finish on close, and refuses new ones after", async () => {
    let answerNow: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answerNow = resolve;
    });
    const target = await receiver(async (_request, response) => {
      await answered;
      response.end("late but there");
    });
    const threaded = sender();
    const running = threaded.send(request(target.url));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (target.requests.length === 0) return;
        clearInterval(poll);
        resolve();
      }, 2);
    });
    const closed = threaded.close();
    answerNow();
    expect(await running).toMatchObject({
      kind: "answered",
      statusCode: 200,
      responseExcerpt: "late but there",
    });
    await closed;
    expect(await threaded.send(request(target.url))).toMatchObject({ kind: "failed", errorKind: "network" });
  });

  it("answers `failed` what a thread that died was sending, says so, and starts another", async () => {
    const failures: Error[] = [];
    const threaded = sender({
      entry: threadEntry(new URL("./support/", import.meta.url).href, "dying-sender-thread"),
      onThreadFailure: (error) => failures.push(error),
    });
    expect(await threaded.send(request("http://127.0.0.1:9/first"))).toMatchObject({ kind: "answered" });
    const lost = await Promise.all([
      threaded.send(request("http://127.0.0.1:9/die")),
      threaded.send(request("http://127.0.0.1:9/beside-it")),
    ]);
    expect(lost).toEqual([
      expect.objectContaining({ kind: "failed", errorKind: "network" }),
      expect.objectContaining({ kind: "failed", errorKind: "network" }),
    ]);
    expect(failures.map((error) => error.message)).toEqual(["the sending thread ended with exit code 3"]);
    expect(await threaded.send(request("http://127.0.0.1:9/after"))).toMatchObject({
      kind: "answered",
      responseExcerpt: "stand-in",
    });
  });
});
