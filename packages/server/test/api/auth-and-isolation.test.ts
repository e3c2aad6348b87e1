import { EVENT_TYPES } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { forAllTests } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;
forAllTests(apiHarness(), (started) => {
  h = started;
});

type Method = "GET" | "POST" | "PATCH" | "DELETE";
const ROUTES: [Method, string, unknown][] = [
  ["POST", "/v1/events", { event: "campaign.created", data: sampleData("campaign.created") }],
  ["GET", "/v1/events/evt_x", undefined],
  ["POST", "/v1/credits/balance", { credits_remaining: 1, last_campaign_id: "c" }],
  ["GET", "/v1/account", undefined],
  ["PATCH", "/v1/account", { credits_threshold: 99 }],
  ["POST", "/v1/endpoints", { url: "https://x.example.com/h", event_types: ["campaign.created"] }],
  ["GET", "/v1/endpoints", undefined],
  ["GET", "/v1/endpoints/ep_x", undefined],
  ["PATCH", "/v1/endpoints/ep_x", { enabled: false }],
  ["DELETE", "/v1/endpoints/ep_x", undefined],
  ["GET", "/v1/deliveries", undefined],
  ["GET", "/v1/deliveries/dlv_x", undefined],
];

describe("bearer authentication on /v1/*", () => {
  const badHeaders: [string, Record<string, string>][] = [
    ["no Authorization header", {}],
    ["an empty header", { authorization: "" }],
    ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }],
    ["Bearer without a key", { authorization: "Bearer " }],
    ["an unknown key", { authorization: "Bearer vhk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
    ["a key of another format", { authorization: "Bearer sk_live_123" }],
  ];

  for (const [method, url, body] of ROUTES) {
    it.each(badHeaders)(
      `${method} ${url}: %s is 401 naming Authorization, and changes nothing`,
      async (_name, headers) => {
        const counts = await h.deliveryCounts();
        const answer = await h.app.inject({
          method,
          url,
          headers,
          ...(body === undefined ? {} : { payload: body as object }),
        });
        expect(answer.statusCode).toBe(401);
        expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
        expect(answer.headers["www-authenticate"]).toMatch(/^Bearer/);
        const problem = answer.json();
        expect(problem).toMatchObject({
          status: 401,
          code: "unauthorized",
          errors: [{ field: "Authorization" }],
        });
        expect(problem.detail).toContain("Authorization");
        expect(await h.deliveryCounts()).toEqual(counts);
        expect(await h.store.listEndpoints(h.alice.account.id)).toEqual([]);
        expect((await h.store.getAccount(h.alice.account.id))?.creditsThreshold).toBe(10);
      },
    );
  }

  it("accepts the scheme in any case; refuses a revoked key", async () => {
    const who = await h.newAccount("Revoked");
    const ok = await h.as({ authorization: `bearer ${who.apiKey}` }).get("/v1/account");
    expect(ok.statusCode).toBe(200);
    const [key] = await h.store.listApiKeys(who.account.id);
    // Revoked through this process's API: refused at once (another process's revocation: within 1 s).
    const revoked = await h.as(who.auth).delete(`/v1/api-keys/${key?.id}`);
    expect(revoked.statusCode).toBe(204);
    const refused = await h.as(who.auth).get("/v1/account");
    expect(refused.statusCode).toBe(401);
  });

  it("/healthz needs no key; unknown routes are 404 problems", async () => {
    const health = await h.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const unknown = await h.app.inject({ method: "GET", url: "/v2/things", headers: h.alice.auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(unknown.json().code).toBe("not_found");
  });
});

describe("an account never sees or touches another account's resources", () => {
  it("every route taking an id answers 404 to the other account, and nothing changes", async () => {
    const endpoint = (
      await h.app.inject({
        method: "POST",
        url: "/v1/endpoints",
        headers: h.alice.auth,
        payload: {
          url: "https://alice.example.com/h",
          event_types: [...EVENT_TYPES],
          description: "alice's",
        },
      })
    ).json();
    const event = (
      await h
        .as(h.alice.auth)
        .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") })
    ).json();
    const [delivery] = await h.store.listDeliveries(h.alice.account.id, { eventId: event.id, limit: 1 });
    const before = {
      endpoint: await h.store.getEndpoint(h.alice.account.id, endpoint.id),
      delivery: await h.store.getDelivery(h.alice.account.id, delivery?.id ?? ""),
      counts: await h.deliveryCounts(),
    };

    const attempts: [Method, string, unknown][] = [
      ["GET", `/v1/endpoints/${endpoint.id}`, undefined],
      ["PATCH", `/v1/endpoints/${endpoint.id}`, { enabled: false, description: "bob was here" }],
      ["PATCH", `/v1/endpoints/${endpoint.id}`, { generate_secret: true }],
      ["DELETE", `/v1/endpoints/${endpoint.id}`, undefined],
      ["GET", `/v1/events/${event.id}`, undefined],
      ["GET", `/v1/deliveries/${delivery?.id}`, undefined],
    ];
    for (const [method, url, body] of attempts) {
      const answer = await h.app.inject({
        method,
        url,
        headers: h.bob.auth,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
      expect(answer.json().code).toBe("not_found");
    }

    const bobsViews = [
      await h.app.inject({ method: "GET", url: "/v1/endpoints", headers: h.bob.auth }),
      await h.as(h.bob.auth).get(`/v1/deliveries?endpoint_id=${endpoint.id}`),
      await h.app.inject({ method: "GET", url: `/v1/deliveries?event_id=${event.id}`, headers: h.bob.auth }),
      await h.app.inject({ method: "GET", url: "/v1/deliveries", headers: h.bob.auth }),
    ];
    for (const view of bobsViews) expect(view.json().data).toEqual([]);

    // Bob's publishes never reach Alice's endpoint.
    const bobs = await h
      .as(h.bob.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(bobs.json().deliveries).toBe(0);

    expect(await h.store.getEndpoint(h.alice.account.id, endpoint.id)).toEqual(before.endpoint);
    expect(await h.store.getDelivery(h.alice.account.id, delivery?.id ?? "")).toEqual(before.delivery);
    expect(await h.deliveryCounts()).toEqual(before.counts);
  });
});
