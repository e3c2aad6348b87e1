import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSelfSignedCert } from "../delivery/support/self-signed-cert.js";
import { waitFor } from "../delivery/support/wait-for.js";
import { startFaultServer } from "./support/fault-server.js";
import { expectRetryAfter, FAULT_TIMEOUT_MS, FIRST_RETRY_MS, withFaultWorld } from "./support/fault-world.js";

// Receivers that answer badly or not at all, each beside a fast endpoint that must be served anyway.
// Real sockets, the real worker and SQLite store, the SSRF guard on (only 127.0.0.1 allowlisted).

let certDir = "";
beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), "vh-faults-cert-"));
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

describe.concurrent("fault injection: bad answers", () => {
  it("a connection reset: connection_reset, retried", async () => {
    const server = await startFaultServer((request) => request.socket.resetAndDestroy());
    try {
      await withFaultWorld({ url: `${server.url}/reset` }, async (world) => {
        const { attempt, delivery } = await world.firstFaultyAttempt(3);
        expect(attempt).toMatchObject({
          errorKind: "connection_reset",
          statusCode: null,
          responseExcerpt: null,
        });
        expect(attempt.durationMs).toBeLessThan(FAULT_TIMEOUT_MS);
        expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
        expect(server.requests).toHaveLength(1);
      });
    } finally {
      await server.close();
    }
  });

  it("a redirect, even towards the cloud metadata address: a failed attempt, never followed, retried", async () => {
    const server = await startFaultServer((_request, response) => {
      response.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/iam/" }).end("moved");
    });
    try {
      await withFaultWorld({ url: `${server.url}/moved` }, async (world) => {
        const { attempt, delivery } = await world.firstFaultyAttempt(3);
        expect(attempt).toMatchObject({
          errorKind: "http_status",
          statusCode: 302,
          responseExcerpt: "moved",
        });
        expect(attempt.durationMs).toBeLessThan(FAULT_TIMEOUT_MS);
        expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
        // Nothing was sent anywhere but the receiver: no connection was even asked for elsewhere.
        expect(new Set(world.connectHosts)).toEqual(new Set(["127.0.0.1"]));
        expect(server.requests.map((r) => r.path)).toEqual(["/moved"]);
      });
    } finally {
      await server.close();
    }
  });

  it("a 410 Gone is retried like any 4xx, as the source document says", async () => {
    const server = await startFaultServer((_request, response) => response.writeHead(410).end("gone"));
    try {
      await withFaultWorld({ url: `${server.url}/gone` }, async (world) => {
        const { attempt, delivery } = await world.firstFaultyAttempt(3);
        expect(attempt).toMatchObject({ errorKind: "http_status", statusCode: 410, responseExcerpt: "gone" });
        expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
      });
    } finally {
      await server.close();
    }
  });

  it("a 429 with Retry-After: the next attempt comes no earlier than asked, though the schedule says 20 ms", async () => {
    let calls = 0;
    const server = await startFaultServer((_request, response) => {
      calls++;
      if (calls === 1) response.writeHead(429, { "Retry-After": "1" }).end("slow down");
      else response.writeHead(200).end();
    });
    try {
      const settings = { retrySchedule: { delaysMs: [20, 20, 20], jitterRatio: 0 } };
      await withFaultWorld({ url: `${server.url}/busy`, settings }, async (world) => {
        const { eventId, attempt, delivery } = await world.firstFaultyAttempt(3);
        expect(attempt).toMatchObject({ errorKind: "http_status", statusCode: 429 });
        expectRetryAfter(delivery, attempt, 1_000);

        const done = await world.h.waitForStatus(eventId, "succeeded", 5_000);
        expect(done.attemptCount).toBe(2);
        const [first, second] = server.requests;
        expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
      });
    } finally {
      await server.close();
    }
  });

  it("an untrusted TLS certificate: tls, nothing sent, retried", async () => {
    const server = await startFaultServer(
      (_request, response) => response.writeHead(200).end(),
      makeSelfSignedCert(certDir),
    );
    try {
      await withFaultWorld({ url: `${server.url}/secure` }, async (world) => {
        const { attempt, delivery } = await world.firstFaultyAttempt(3);
        expect(attempt).toMatchObject({ errorKind: "tls", statusCode: null });
        expect(attempt.errorMessage).toMatch(/certificate/i);
        expect(attempt.durationMs).toBeLessThan(FAULT_TIMEOUT_MS);
        expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
        expect(server.connections()).toBe(1);
        expect(server.requests).toHaveLength(0);
      });
    } finally {
      await server.close();
    }
  });

  it("a name that does not resolve (.invalid): dns, retried, no connection made", async () => {
    await withFaultWorld({ url: "https://hooks.voicehire-faults.invalid/webhook" }, async (world) => {
      const { attempt, delivery } = await world.firstFaultyAttempt(3);
      expect(attempt).toMatchObject({ errorKind: "dns", statusCode: null });
      expect(attempt.errorMessage).toContain("ENOTFOUND");
      expect(attempt.durationMs).toBeLessThan(FAULT_TIMEOUT_MS);
      expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
      await waitFor("the sender to have asked for a connection", () => world.connectHosts.length > 0);
      expect(world.connectHosts).toContain("hooks.voicehire-faults.invalid");
    });
  });
});
