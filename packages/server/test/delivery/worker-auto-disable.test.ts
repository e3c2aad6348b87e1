import { describe, expect, it } from "vitest";
import type { DisabledEndpoint, Store } from "../../src/store/port.js";
import { forEachTest } from "../support/fixture-hooks.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

const MINUTE = 60_000;

describe("delivery worker: disabling endpoints that fail for too long", () => {
  it("disables an endpoint failing for longer than the setting, logs it, keeps its deliveries for its return", async () => {
    // Time is the test's: it jumps ahead while the worker runs.
    let offsetMs = 0;
    const clock = { now: () => Date.now() + offsetMs };
    let claims = 0;
    const counting: Store = {
      ...h.store,
      async claimDueDeliveries(input) {
        claims++;
        return h.store.claimDueDeliveries(input);
      },
    };
    const state = { healthy: false };
    const target = await h.receiver((_request, response) => {
      response.writeHead(state.healthy ? 200 : 503).end();
    });
    const endpointId = await seedEndpoint(h.store, h.accountId, target.url);
    const { eventId } = await publishEnvelope(h.store, h.accountId);
    const disabled: DisabledEndpoint[] = [];
    const worker = h.startWorker(
      {
        retrySchedule: { delaysMs: [10 * MINUTE], jitterRatio: 0 },
        autoDisableAfterMs: MINUTE,
        autoDisableCheckIntervalMs: 20,
        idlePollMs: 20,
      },
      { clock, store: counting, onEndpointDisabled: (endpoint) => disabled.push(endpoint) },
    );

    // The first attempt fails: the endpoint is failing since then; the retry is due in 10 minutes.
    const failing = await waitFor("the first failure to be recorded", async () => {
      const endpoint = await h.store.getEndpoint(h.accountId, endpointId);
      return endpoint?.failingSince !== null ? endpoint : undefined;
    });
    expect(disabled).toEqual([]);

    offsetMs = 2 * MINUTE; // failing for 2 minutes, more than the 1 allowed
    await waitFor("the endpoint to be disabled", () => disabled.length > 0);
    expect(disabled).toEqual([{ endpointId, accountId: h.accountId, failingSince: failing?.failingSince }]);
    expect(await h.store.getEndpoint(h.accountId, endpointId)).toMatchObject({
      enabled: false,
      disabledReason: "failing_too_long",
    });
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "endpoint disabled",
        fields: expect.objectContaining({ endpointId, accountId: h.accountId, reason: "failing_too_long" }),
      }),
    );

    // Its retry falls due while it is disabled: it is not sent, and stays pending.
    offsetMs = 11 * MINUTE;
    const claimsBefore = claims;
    await waitFor("the worker to look for work a few times", () => claims >= claimsBefore + 3);
    expect(target.requests).toHaveLength(1);
    await h.waitForStatus(eventId, "pending", 100);

    // Enabled again (by its owner), it gets its delivery, on the attempt it was waiting for.
    state.healthy = true;
    await h.store.updateEndpoint(h.accountId, endpointId, { enabled: true }, clock.now());
    worker.wake();
    const delivered = await h.waitForStatus(eventId, "succeeded");
    expect(delivered.attemptCount).toBe(2);
    expect(await h.store.getEndpoint(h.accountId, endpointId)).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
    expect(disabled).toHaveLength(1);
  });
});
