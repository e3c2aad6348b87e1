import { describe, expect, it } from "vitest";
import { forEachTest } from "../support/fixture-hooks.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

describe("a result whose delivery retention deleted while it was in flight (SQLite)", () => {
  it("is dropped with a log line, and the worker goes on recording everything else", async () => {
    let answerHeld: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      answerHeld = resolve;
    });
    const slow = await h.receiver(async (_request, response) => {
      await held;
      response.writeHead(200).end("late");
    });
    const fast = await h.receiver((_request, response) => {
      response.writeHead(200).end("ok");
    });
    const doomed = await seedEndpoint(h.store, h.accountId, slow.url);
    await seedEndpoint(h.store, h.accountId, fast.url, { eventTypes: ["candidate.added"] });
    const { eventId } = await publishEnvelope(h.store, h.accountId);
    h.startWorker();
    await waitFor("the attempt to be in flight", () => slow.requests.length === 1);
    const [inFlight] = await h.store.listDeliveries(h.accountId, { limit: 1, eventId });
    if (inFlight === undefined) throw new Error("no delivery");

    // The endpoint is deleted (its delivery fails at once), then retention deletes the delivery.
    await h.store.deleteEndpoint(h.accountId, doomed, Date.now());
    const swept = await h.store.deleteExpired({ olderThan: Date.now() + 1, batchSize: 100 });
    expect(swept.deliveries).toBe(1);
    answerHeld();

    await waitFor("the dropped result to be logged", () =>
      h.logger.lines.find(
        (line) =>
          line.message.includes("its delivery no longer exists") &&
          JSON.stringify(line.fields).includes(inFlight.id),
      ),
    );
    // Not wedged: later deliveries to another endpoint are sent and recorded.
    const later: string[] = [];
    for (let i = 0; i < 5; i++)
      later.push((await publishEnvelope(h.store, h.accountId, {}, "candidate.added")).eventId);
    for (const id of later) await h.waitForStatus(id, "succeeded");
    expect(fast.requests).toHaveLength(5);
    expect(await h.store.getDelivery(h.accountId, inFlight.id)).toBeUndefined();
    expect(h.logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});
