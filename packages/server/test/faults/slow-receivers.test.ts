import { describe, expect, it } from "vitest";
import type { AttemptRecord } from "../../src/domain/types.js";
import { waitFor } from "../delivery/support/wait-for.js";
import {
  type FaultHandler,
  type FaultServer,
  startFaultServer,
  streamFiller,
} from "./support/fault-server.js";
import { expectRetryAfter, FIRST_RETRY_MS, withFaultWorld } from "./support/fault-world.js";

// Receivers that take their time, each beside a fast endpoint that must not wait for them. Real
// sockets, the real worker and SQLite store; attempts time out after 1.5 s here instead of 5 s.
const TIMEOUT_MS = 1_500;
const settings = { attemptTimeoutMs: TIMEOUT_MS };

/**
 * Publishes to a receiver served by `handler` at `path`: while it holds the request, five fast
 * deliveries succeed and it has no attempt yet; then its attempt is a timeout at the deadline, retried.
 */
async function expectTimeoutAtTheDeadline(
  handler: FaultHandler,
  path: string,
  alsoCheck: (attempt: AttemptRecord, server: FaultServer) => Promise<void> | void = () => {},
): Promise<void> {
  const server = await startFaultServer(handler);
  try {
    await withFaultWorld({ url: `${server.url}${path}`, settings }, async (world) => {
      const eventId = await world.publishFaulty();
      await waitFor("the request to arrive", () => server.requests.length === 1);
      await world.fastDeliveriesSucceed(5);
      expect(await world.attemptCount(eventId)).toBe(0); // it still holds the request

      const { attempt, delivery } = await world.firstAttempt(eventId);
      expect(attempt).toMatchObject({ errorKind: "timeout", statusCode: null });
      expect(attempt.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(attempt.durationMs).toBeLessThan(TIMEOUT_MS + 1_000);
      expectRetryAfter(delivery, attempt, FIRST_RETRY_MS);
      await alsoCheck(attempt, server);
    });
  } finally {
    await server.close();
  }
}

describe.concurrent("fault injection: slow receivers", () => {
  it("a receiver that never answers: a timeout at the deadline, retried; a fast endpoint is served meanwhile", async () => {
    // accepts, reads, never answers
    await expectTimeoutAtTheDeadline(
      () => {},
      "/hang",
      (attempt) => {
        expect(attempt.responseExcerpt).toBeNull();
        expect(attempt.errorMessage).toContain(`${TIMEOUT_MS} ms`);
      },
    );
  });

  it("a receiver that sends its status line after the deadline: a timeout, retried", async () => {
    await expectTimeoutAtTheDeadline((_request, response) => {
      const timer = setTimeout(() => response.writeHead(200).end("too late"), TIMEOUT_MS + 1_000);
      response.on("close", () => clearTimeout(timer));
    }, "/slow-headers");
  });

  it("a 200 whose body trickles in a byte at a time: no complete answer by the deadline, a timeout, retried", async () => {
    await expectTimeoutAtTheDeadline(
      (_request, response) => {
        response.writeHead(200, { "content-type": "text/plain" });
        response.flushHeaders();
        const timer = setInterval(() => response.write("x"), 100);
        response.on("close", () => clearInterval(timer));
      },
      "/slow-body",
      async (_attempt, server) => {
        await waitFor("the trickling connection to be closed", () => server.openConnections() === 0);
      },
    );
  });

  it("a 100 MB answer: read up to the excerpt and a little more, then dropped; fast, and memory stays flat", async () => {
    const total = 100 * 1024 * 1024;
    const server = await startFaultServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      streamFiller(response, total);
    });
    try {
      await withFaultWorld({ url: `${server.url}/huge`, settings }, async (world) => {
        const before = process.memoryUsage();
        let peakArrayBuffers = before.arrayBuffers;
        let peakHeap = before.heapUsed;
        const sampler = setInterval(() => {
          const now = process.memoryUsage();
          peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
          peakHeap = Math.max(peakHeap, now.heapUsed);
        }, 5);
        try {
          const eventId = await world.publishFaulty();
          const delivery = await world.h.waitForStatus(eventId, "succeeded");
          const [attempt] = await world.h.store.listAttempts(world.h.accountId, delivery.id);
          expect(attempt).toMatchObject({ statusCode: 200, errorKind: null });
          expect(attempt?.responseExcerpt).toBe("a".repeat(1024));
          expect(attempt?.durationMs).toBeLessThan(1_000);
          await waitFor("the huge answer's connection to be closed", () => server.openConnections() === 0);
        } finally {
          clearInterval(sampler);
        }
        // The client stopped reading: most of the 100 MB was never sent.
        expect(server.bytesWritten()).toBeLessThan(16 * 1024 * 1024);
        expect(peakArrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
        expect(peakHeap - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
      });
    } finally {
      await server.close();
    }
  });
});
