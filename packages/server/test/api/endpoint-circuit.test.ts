import { describe, expect, it } from "vitest";
import { defaultCircuitSettings } from "../../src/domain/circuit-rule.js";
import { forEachTest } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { sampleData } from "./support/samples.js";

let h: ApiHarness;
forEachTest(apiHarness(), (started) => {
  h = started;
});

const get = (url: string) => h.app.inject({ method: "GET", url, headers: h.alice.auth });
const iso = (time: number) => new Date(time).toISOString();

/** One endpoint, `count` events published, every delivery failed once (HTTP 500): its circuit opens. */
async function givenAnOpenCircuit(count: number) {
  const created = await h
    .as(h.alice.auth)
    .post("/v1/endpoints", { url: "https://hooks.example.com/in", event_types: ["campaign.created"] });
  const endpointId = created.json().id as string;
  expect(created.json().circuit).toEqual({
    state: "closed",
    consecutive_failures: 0,
    opened_at: null,
    paused_until: null,
  });
  for (let i = 0; i < count; i++) {
    const published = await h
      .as(h.alice.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(published.statusCode).toBe(202);
  }
  const failedAt = h.clock.now();
  // Retried 1 s later by the schedule: sooner than the pause ends.
  await attemptDueDeliveries(h.store, failedAt, 500, failedAt + 1000);
  const openedAt = failedAt + 7; // the attempts lasted 7 ms
  return { endpointId, openedAt, pausedUntil: openedAt + defaultCircuitSettings.cooldownMs };
}

describe("the circuit breaker in the API", () => {
  it("shows the pause on the endpoint, the real next time on its deliveries, and the failures in the lists and stats", async () => {
    const { endpointId, openedAt, pausedUntil } = await givenAnOpenCircuit(6);
    h.clock.set(openedAt + 10_000); // ten seconds into the pause
    const circuit = {
      state: "open",
      consecutive_failures: 6,
      opened_at: iso(openedAt),
      paused_until: iso(pausedUntil),
    };
    expect((await get(`/v1/endpoints/${endpointId}`)).json()).toMatchObject({ state: "failing", circuit });
    expect((await get("/v1/endpoints")).json().data[0].circuit).toEqual(circuit);

    const deliveries = (await get("/v1/deliveries")).json().data as {
      status: string;
      next_attempt_at: string;
    }[];
    expect(deliveries).toHaveLength(6);
    for (const delivery of deliveries) {
      expect(delivery.status).toBe("pending");
      // Never a time already past: the retry due at +1 s waits for the pause's end.
      expect(delivery.next_attempt_at).toBe(iso(pausedUntil));
      expect(Date.parse(delivery.next_attempt_at)).toBeGreaterThan(h.clock.now());
    }
    // "Voir les échecs": failed deliveries and pending ones whose last attempt failed.
    expect((await get("/v1/deliveries?status=failed")).json().data).toHaveLength(0);
    expect((await get("/v1/deliveries?failing=true")).json().data).toHaveLength(6);
    expect((await get("/v1/deliveries?failing=false")).json().data).toHaveLength(0);
    // Monitoring counts them as failures, never as successes to come.
    const stats = (await get("/v1/stats/deliveries")).json().data as Record<string, number>[];
    const sum = (key: string) => stats.reduce((total, bucket) => total + (bucket[key] ?? 0), 0);
    expect([sum("succeeded"), sum("failed"), sum("failing"), sum("pending")]).toEqual([0, 6, 6, 0]);

    h.clock.set(pausedUntil);
    expect((await get(`/v1/endpoints/${endpointId}`)).json().circuit.state).toBe("half_open");
  });

  it("a resend during the pause answers 202 and is sent at once, as the probe; a success closes the circuit", async () => {
    const { endpointId } = await givenAnOpenCircuit(5);
    h.clock.advance(5_000);
    const [chosen] = (await get("/v1/deliveries")).json().data as { id: string }[];
    const resent = await h.as(h.alice.auth).post(`/v1/deliveries/${chosen?.id}/resend`);
    expect(resent.statusCode).toBe(202);
    expect(resent.json().next_attempt_at).toBe(iso(h.clock.now()));
    // The next claim, by any worker, takes exactly that delivery now.
    expect(await attemptDueDeliveries(h.store, h.clock.now(), 200)).toEqual([chosen?.id]);
    expect((await get(`/v1/endpoints/${endpointId}`)).json().circuit).toMatchObject({
      state: "closed",
      consecutive_failures: 0,
    });
    // Closed: the others, held for the pause, are due at once again.
    expect(await attemptDueDeliveries(h.store, h.clock.now() + 100, 200)).toHaveLength(4);
  });
});
