import { mkdtempSync, rmSync } from "node:fs";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHttpSender } from "../../src/delivery/http-sender.js";
import type { DeliverySender } from "../../src/delivery/sender.js";
import { BLOCKED_ADDRESS_ERROR_CODE } from "../../src/ssrf/blocked-address-error.js";
import { closedLoopbackPort } from "../support/closed-port.js";
import { answer, type ReceiverHandler, startReceiver, type TestReceiver } from "./support/receiver.js";
import { makeSelfSignedCert } from "./support/self-signed-cert.js";
import { waitFor } from "./support/wait-for.js";

const body = new TextEncoder().encode(
  '{"id":"evt_1","event":"campaign.created","data":{"job_title":"Développeur"}}',
);
const headers = { "Content-Type": "application/json", "X-VoiceHire-Event": "campaign.created" };
const endpointId = "ep_1";

let tempDir: string;
const open: { receivers: TestReceiver[]; senders: DeliverySender[] } = { receivers: [], senders: [] };

async function receiver(
  handler: ReceiverHandler,
  tls?: { key: string; cert: string },
): Promise<TestReceiver> {
  const started = await startReceiver(handler, tls);
  open.receivers.push(started);
  return started;
}

function sender(options: Parameters<typeof createHttpSender>[0] = {}): DeliverySender {
  const created = createHttpSender(options);
  open.senders.push(created);
  return created;
}

/** A lookup that answers 127.0.0.1 for every name (the seam the SSRF guard plugs into). */
const loopbackLookup = ((
  _hostname: string,
  options: { all?: boolean },
  callback: (...args: unknown[]) => void,
) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
}) as unknown as LookupFunction;

function failingLookup(code: string): LookupFunction {
  return ((hostname: string, _options: unknown, callback: (error: Error) => void) => {
    callback(Object.assign(new Error(`lookup of ${hostname} refused (${code})`), { code }));
  }) as unknown as LookupFunction;
}

beforeAll(() => {
  tempDir = mkdtempSync(join(tmpdir(), "vh-sender-"));
});
afterEach(async () => {
  await Promise.all(open.senders.splice(0).map((s) => s.close()));
  await Promise.all(open.receivers.splice(0).map((r) => r.close()));
});
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

describe("http sender", () => {
  it("POSTs the exact bytes and headers, and reports the status and the body's excerpt", async () => {
    const target = await receiver(answer(200, "ok, thanks"));
    const outcome = await sender().send({
      endpointId,
      url: `${target.url}/hooks/voicehire?x=1`,
      headers,
      body,
    });
    expect(outcome).toMatchObject({ kind: "answered", statusCode: 200, responseExcerpt: "ok, thanks" });
    const [request] = target.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/hooks/voicehire?x=1");
    expect(Buffer.compare(request?.body ?? Buffer.alloc(0), Buffer.from(body))).toBe(0);
    expect(request?.rawHeaderNames).toEqual(expect.arrayContaining(["Content-Type", "X-VoiceHire-Event"]));
    expect(request?.headers["content-length"]).toBe(String(body.length));
  });

  it("keeps only the first KB of a large response and still answers quickly", async () => {
    const big = "é".repeat(2_000_000); // 4 MB
    const target = await receiver(answer(500, big));
    const outcome = await sender().send({ endpointId, url: target.url, headers, body });
    if (outcome.kind !== "answered") throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
    expect(outcome.statusCode).toBe(500);
    expect(Buffer.byteLength(outcome.responseExcerpt.replace(/\uFFFD$/, ""))).toBeLessThanOrEqual(1024);
    expect(outcome.responseExcerpt.startsWith("éé")).toBe(true);
    expect(outcome.durationMs).toBeLessThan(2000);
  });

  it("honours a smaller excerpt size", async () => {
    const target = await receiver(answer(200, "abcdefghij"));
    const outcome = await sender({ excerptBytes: 4 }).send({ endpointId, url: target.url, headers, body });
    expect(outcome).toMatchObject({ kind: "answered", responseExcerpt: "abcd" });
  });

  it("reuses one keep-alive connection for consecutive sends to an origin", async () => {
    const target = await receiver(answer(204));
    const one = sender();
    for (let i = 0; i < 10; i++) await one.send({ endpointId, url: target.url, headers, body });
    expect(target.requests).toHaveLength(10);
    // A send ends before undici hands its connection back, so the next may open a second one; no more.
    expect(new Set(target.requests.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it("keeps the connection after a body longer than the excerpt (the rest, up to 256 KB, is read and dropped)", async () => {
    const target = await receiver(answer(200, "x".repeat(200_000))); // more than socket buffers hold
    const one = sender();
    for (let i = 0; i < 10; i++) {
      expect(await one.send({ endpointId, url: target.url, headers, body })).toMatchObject({
        kind: "answered",
        statusCode: 200,
      });
    }
    expect(new Set(target.requests.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it("never follows a redirect: a 301 is just its status", async () => {
    const target = await receiver((request, response) => {
      if (request.path === "/moved") response.writeHead(301, { Location: "/elsewhere" }).end();
      else response.writeHead(200).end("followed");
    });
    const outcome = await sender().send({ endpointId, url: `${target.url}/moved`, headers, body });
    expect(outcome).toMatchObject({ kind: "answered", statusCode: 301 });
    expect(target.requests.map((r) => r.path)).toEqual(["/moved"]);
  });

  it("gives up when no answer comes within the deadline", async () => {
    const target = await receiver(() => {}); // never answers
    const outcome = await sender({ timeoutMs: 300 }).send({ endpointId, url: target.url, headers, body });
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "timeout" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(280);
    expect(outcome.durationMs).toBeLessThan(1500);
  });

  it("counts the excerpt in the deadline: a body that trickles in too slowly is a timeout", async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.write("a"); // then nothing more, never ends
    });
    const outcome = await sender({ timeoutMs: 300 }).send({ endpointId, url: target.url, headers, body });
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "timeout" });
  });

  it("classifies a refused connection", async () => {
    const port = await closedLoopbackPort();
    const outcome = await sender().send({ endpointId, url: `http://127.0.0.1:${port}/`, headers, body });
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "connection_refused" });
    if (outcome.kind === "failed") expect(outcome.errorMessage).toMatch(/ECONNREFUSED/);
  });

  it("classifies a connection closed without an answer", async () => {
    const target = await receiver((_request, response) => {
      response.socket?.destroy();
    });
    const outcome = await sender().send({ endpointId, url: target.url, headers, body });
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "connection_reset" });
  });

  it("rejects an untrusted certificate as a TLS failure, and accepts it with the CA given", async () => {
    const tls = makeSelfSignedCert(tempDir);
    const target = await receiver(answer(200, "secure"), tls);
    const untrusted = await sender().send({ endpointId, url: target.url, headers, body });
    expect(untrusted).toMatchObject({ kind: "failed", errorKind: "tls" });
    const trusted = await sender({ ca: tls.cert }).send({ endpointId, url: target.url, headers, body });
    expect(trusted).toMatchObject({ kind: "answered", statusCode: 200, responseExcerpt: "secure" });
  });

  it("rejects a certificate for another name as a TLS failure", async () => {
    const tls = makeSelfSignedCert(tempDir, "elsewhere.test");
    const target = await receiver(answer(200), tls);
    const outcome = await sender({ ca: tls.cert, lookup: loopbackLookup }).send({
      endpointId,
      url: `https://receiver.test:${target.port}/`,
      headers,
      body,
    });
    expect(outcome).toMatchObject({ kind: "failed", errorKind: "tls" });
  });

  it("resolves host names through the injected lookup (the SSRF guard's seam)", async () => {
    const target = await receiver(answer(200, "via lookup"));
    const outcome = await sender({ lookup: loopbackLookup }).send({
      endpointId,
      url: `http://receiver.test:${target.port}/`,
      headers,
      body,
    });
    expect(outcome).toMatchObject({ kind: "answered", responseExcerpt: "via lookup" });
    expect(target.requests[0]?.headers.host).toBe(`receiver.test:${target.port}`);
  });

  it("classifies a name that does not resolve, and an address the guard refuses", async () => {
    const url = "http://receiver.test:8080/";
    const dns = await sender({ lookup: failingLookup("ENOTFOUND") }).send({ endpointId, url, headers, body });
    expect(dns).toMatchObject({ kind: "failed", errorKind: "dns" });
    const blocked = await sender({ lookup: failingLookup(BLOCKED_ADDRESS_ERROR_CODE) }).send({
      endpointId,
      url,
      headers,
      body,
    });
    expect(blocked).toMatchObject({ kind: "failed", errorKind: "blocked" });
  });

  it("bounds the connections per endpoint", async () => {
    let open = 0;
    let mostOpen = 0;
    const release: (() => void)[] = [];
    const target = await receiver((_request, response) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      release.push(() => {
        open--;
        response.writeHead(200).end();
      });
    });
    const bounded = sender({ connectionsPerEndpoint: 2 });
    const sends = Array.from({ length: 6 }, () =>
      bounded.send({ endpointId, url: target.url, headers, body }),
    );
    for (let served = 0; served < 6; served++) {
      await waitFor("a request held by the receiver", () => release.length > 0);
      expect(open).toBeLessThanOrEqual(2);
      release.shift()?.();
    }
    const outcomes = await Promise.all(sends);
    expect(outcomes.every((o) => o.kind === "answered" && o.statusCode === 200)).toBe(true);
    expect(mostOpen).toBe(2);
  });
});
