import { describe, expect, it } from "vitest";
import { createServiceObservability } from "../../src/observability/service-observability.js";
import { attemptDueDeliveries } from "../api/support/attempts.js";
import { requestsWith } from "../api/support/header-requests.js";
import { sampleData } from "../api/support/samples.js";
import { observedApisClosedAfterEach } from "./support/observed-api.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

describe("voicehire_open_circuits", () => {
  const startApi = observedApisClosedAfterEach();

  it("counts the endpoints paused in the store, whichever process paused them (even one running no worker)", async () => {
    const api = await startApi(
      (store, clock) =>
        createServiceObservability({ store, clock, runsWorkers: false, metricsToken: null }).api,
    );
    const opened = api;
    const scrape = async () =>
      parsePrometheus((await opened.app.inject({ method: "GET", url: "/metrics" })).body).value(
        "voicehire_open_circuits",
      );
    expect(await scrape()).toBe(0);
    const endpoint = await requestsWith(opened.app, opened.auth).post("/v1/endpoints", {
      url: "https://hooks.example.com/in",
      event_types: ["campaign.created"],
    });
    expect(endpoint.statusCode).toBe(201);
    for (let i = 0; i < 5; i++) {
      await requestsWith(opened.app, opened.auth).post("/v1/events", {
        event: "campaign.created",
        data: sampleData("campaign.created"),
      });
    }
    // Another process's worker (here: the store, played directly) fails 5 attempts: the circuit opens.
    await attemptDueDeliveries(opened.store, opened.clock.now(), 503, opened.clock.now() + 1000);
    expect(await scrape()).toBe(1);
  });
});
