import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "../api/support/api-harness.js";

describe("the request log line", () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await startApiHarness({ developmentMode: true });
  });
  afterEach(async () => h.close());

  it("is one info line per request: method, route pattern, status, duration, request id; no key or secret", async () => {
    const secret = "a-secret-that-must-never-be-logged";
    const created = await h.as(h.alice.auth).post("/v1/endpoints", {
      url: "https://hooks.example.com/in",
      event_types: ["campaign.created"],
      secret,
    });
    expect(created.statusCode).toBe(201);
    const generated = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { url: "https://hooks.example.com/other", event_types: ["campaign.created"] });
    const generatedSecret: string = generated.json().secret;
    expect(generatedSecret).toMatch(/^vhsec_/);
    const read = await h.as(h.alice.auth).get(`/v1/endpoints/${created.json().id}`);

    const requests = h.logged.filter((line) => line.message === "request");
    expect(requests.map((line) => line.level)).toEqual(["info", "info", "info"]);
    expect(requests[0]?.fields).toEqual({
      request_id: created.headers["x-request-id"],
      method: "POST",
      route: "/v1/endpoints",
      status: 201,
      duration_ms: expect.any(Number),
    });
    expect(requests[2]?.fields).toMatchObject({
      request_id: read.headers["x-request-id"],
      method: "GET",
      route: "/v1/endpoints/:id",
      status: 200,
    });
    const everything = JSON.stringify(h.logged);
    for (const hidden of [secret, generatedSecret, h.alice.apiKey, "authorization", "Bearer"]) {
      expect(everything).not.toContain(hidden);
    }
  });
});
