import { describe, expect, it } from "vitest";
import { forEachTest } from "../support/fixture-hooks.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

describe("delivery worker: the 5 second deadline", () => {
  // The one slow test: it runs the real 5 s deadline of the source doc.
  it("records a receiver that takes 6 s as a timeout after ~5 s, then retries it", async () => {
    let calls = 0;
    const target = await h.receiver((_request, response) => {
      calls++;
      if (calls === 1) {
        // The receiver itself sleeps 6 s before answering (too late).
        const late = setTimeout(() => {
          if (!response.destroyed) response.writeHead(200).end("too late");
        }, 6000);
        response.on("close", () => clearTimeout(late));
      } else {
        response.writeHead(200).end("ok");
      }
    });
    await seedEndpoint(h.store, h.accountId, target.url);
    const { eventId } = await publishEnvelope(h.store, h.accountId);
    h.startWorker({ attemptTimeoutMs: 5000, leaseMs: 30_000 });

    const delivery = await h.waitForStatus(eventId, "succeeded", 9000);
    const [first, second] = await h.store.listAttempts(h.accountId, delivery.id);
    expect(first).toMatchObject({ attemptNumber: 1, errorKind: "timeout", statusCode: null });
    expect(first?.durationMs).toBeGreaterThanOrEqual(4500);
    expect(first?.durationMs).toBeLessThan(6000);
    expect(second).toMatchObject({
      attemptNumber: 2,
      statusCode: 200,
      errorKind: null,
      responseExcerpt: "ok",
    });
    expect(delivery.attemptCount).toBe(2);
  }, 20_000);
});
