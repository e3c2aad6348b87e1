import { eventCatalog } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { storeReachableCheck, workersRunningCheck } from "../../src/observability/readiness-checks.js";
import { createServiceMetrics, PROMETHEUS_CONTENT_TYPE } from "../../src/observability/service-metrics.js";
import { requestsWith } from "../api/support/header-requests.js";
import { observedApisClosedAfterEach } from "./support/observed-api.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

const PROBLEM_JSON = "application/problem+json";

describe("health, readiness and metrics routes", () => {
  const startApi = observedApisClosedAfterEach();

  it("GET /healthz answers without an API key", async () => {
    const api = await startApi();
    const response = await api.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz is ready while the store answers, and 503 (problem+json) once it does not", async () => {
    const api = await startApi();
    const ready = await api.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { store: { status: "ok" } } });

    await api.store.close(); // the store is gone: the probe must say so, not crash
    const notReady = await api.app.inject({ method: "GET", url: "/readyz" });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers["content-type"]).toContain(PROBLEM_JSON);
    const body = notReady.json<{
      code: string;
      detail: string;
      checks: Record<string, { status: string; reason: string }>;
    }>();
    expect(body.code).toBe("not_ready");
    expect(body.checks.store?.status).toBe("failing");
    expect(body.detail).toContain("store:");
  });

  it("GET /readyz is 503 while this process's workers are not running", async () => {
    let workersRunning = false;
    const api = await startApi((store, clock) => ({
      metrics: createServiceMetrics(),
      readinessChecks: [storeReachableCheck(store, clock), workersRunningCheck(() => workersRunning)],
      metricsToken: null,
      openCircuits: () => null,
    }));
    const before = await api.app.inject({ method: "GET", url: "/readyz" });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toMatchObject({
      code: "not_ready",
      checks: { store: { status: "ok" }, workers: { status: "failing" } },
    });
    workersRunning = true;
    expect((await api.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("GET /metrics writes valid Prometheus text with the queue read from the store", async () => {
    const api = await startApi();
    const endpoint = await requestsWith(api.app, api.auth).post("/v1/endpoints", {
      url: "https://hooks.example.com/a",
      event_types: ["campaign.created"],
    });
    expect(endpoint.statusCode).toBe(201);
    const published = await requestsWith(api.app, api.auth).post("/v1/events", {
      event: "campaign.created",
      data: eventCatalog["campaign.created"].sample,
    });
    expect(published.statusCode, published.body).toBeLessThan(300);
    api.clock.advance(30_000);

    const response = await api.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe(PROMETHEUS_CONTENT_TYPE);
    const parsed = parsePrometheus(response.body);
    expect(parsed.value("voicehire_store_up")).toBe(1);
    expect(parsed.value("voicehire_queue_pending_deliveries")).toBe(1);
    expect(parsed.value("voicehire_queue_due_deliveries")).toBe(1);
    expect(parsed.value("voicehire_queue_leased_deliveries")).toBe(0);
    expect(parsed.value("voicehire_queue_oldest_due_age_seconds")).toBe(30);
  });

  it("counts API requests by route pattern, never by raw URL, and 404s without a route as `unmatched`", async () => {
    const api = await startApi();
    for (const id of ["ep_one", "ep_two", "ep_three"]) {
      expect(
        (await api.app.inject({ method: "GET", url: `/v1/endpoints/${id}`, headers: api.auth })).statusCode,
      ).toBe(404);
    }
    await api.app.inject({ method: "GET", url: "/no/such/route/secret-looking-path" });
    await api.app.inject({ method: "GET", url: "/v1/endpoints" }); // no API key

    const body = (await api.app.inject({ method: "GET", url: "/metrics" })).body;
    const parsed = parsePrometheus(body);
    const requests = (labels: Record<string, string>) => parsed.value("voicehire_api_requests_total", labels);
    expect(requests({ method: "GET", route: "/v1/endpoints/:id", status: "404" })).toBe(3);
    expect(requests({ method: "GET", route: "unmatched", status: "404" })).toBe(1);
    expect(requests({ method: "GET", route: "/v1/endpoints", status: "401" })).toBe(1);
    expect(body).not.toContain("ep_one");
    expect(body).not.toContain("secret-looking-path");
  });

  it("with a metrics token, /metrics needs it (401 problem+json otherwise); the probes stay open", async () => {
    const token = "metrics-token-0123456789";
    const api = await startApi((store, clock) => ({
      metrics: createServiceMetrics(),
      readinessChecks: [storeReachableCheck(store, clock)],
      metricsToken: token,
      openCircuits: () => 3,
    }));
    for (const authorization of [
      undefined,
      "Bearer wrong-token",
      `Basic ${token}`,
      token,
      api.auth.authorization,
    ]) {
      const denied = await requestsWith(api.app, authorization === undefined ? {} : { authorization }).get(
        "/metrics",
      );
      expect(denied.statusCode, String(authorization)).toBe(401);
      expect(denied.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(denied.json()).toMatchObject({ code: "unauthorized", errors: [{ field: "Authorization" }] });
      expect(denied.body).not.toContain(token);
    }
    const allowed = await requestsWith(api.app, { authorization: `Bearer ${token}` }).get("/metrics");
    expect(allowed.statusCode).toBe(200);
    expect(parsePrometheus(allowed.body).value("voicehire_open_circuits")).toBe(3);
    expect((await api.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await api.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("a store that fails during a scrape is reported down; the scrape itself succeeds", async () => {
    const api = await startApi();
    await api.store.close();
    const response = await api.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(parsePrometheus(response.body).value("voicehire_store_up")).toBe(0);
  });
});
