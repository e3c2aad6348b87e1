import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInRequestSchema } from "../../src/api/dashboard-session/sign-in-request.js";
import { allRouteDocs } from "../../src/api/openapi/all-route-docs.js";
import { type FullApi, startFullApi } from "./openapi-app.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

/**
 * Every route that takes a body reads it the same way (services/request-body.ts): no body answers
 * 400 `empty_body`, anything but a JSON object 422 naming `body`, and nothing is written either way.
 * The routes are taken from the OpenAPI document, so a new one is checked without being listed here.
 */
let h: ApiHarness;
let api: FullApi;
let endpointId: string;

const bodyRoutes = allRouteDocs.filter((d) => d.body !== undefined && d.path.startsWith("/v1/"));

beforeAll(async () => {
  h = await startApiHarness();
  api = await startFullApi(h);
  const created = await api.app.inject({
    method: "POST",
    url: "/v1/endpoints",
    headers: h.alice.auth,
    // ed25519, so that its key pair can be rotated too.
    payload: {
      url: "https://hooks.example.com/in",
      event_types: ["campaign.created"],
      signature_scheme: "ed25519",
    },
  });
  endpointId = created.json().id;
});
afterAll(async () => {
  await api.close();
  await h.close();
});

function send(route: (typeof bodyRoutes)[number], payload?: string) {
  return api.app.inject({
    method: route.method,
    url: route.path.replace("{id}", endpointId),
    headers: {
      ...(route.access === "admin" ? api.adminAuth : h.alice.auth),
      ...(payload === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

async function storedCounts() {
  const accounts = await h.store.listAccounts();
  const keys = await h.store.listApiKeys(h.alice.account.id);
  const endpoints = await h.store.listEndpoints(h.alice.account.id);
  const events = await h.store.listEvents(h.alice.account.id, { limit: 100 });
  return { accounts: accounts.length, keys: keys.length, endpoints: endpoints.length, events: events.length };
}

describe("request bodies, on every route that takes one", () => {
  it("has routes to check", () => {
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(11);
  });

  it("the dashboard's sign-in is documented with the schema it reads its body with", () => {
    const signIn = allRouteDocs.find((d) => d.method === "POST" && d.path === "/dashboard/session");
    expect(signIn?.body).toBe(signInRequestSchema);
  });

  for (const route of bodyRoutes) {
    it(`${route.method} ${route.path}: no body is 400 empty_body unless the body is optional`, async () => {
      const before = await storedCounts();
      const answer = await send(route);
      if (route.bodyOptional === true) {
        expect(answer.statusCode, answer.body).toBeLessThan(300);
        return;
      }
      expect(answer.statusCode, answer.body).toBe(400);
      expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(answer.json()).toMatchObject({ code: "empty_body", errors: [{ field: "body" }] });
      expect(await storedCounts()).toEqual(before);
    });

    it(`${route.method} ${route.path}: a JSON array is 422 naming body`, async () => {
      const before = await storedCounts();
      const answer = await send(route, "[]");
      expect(answer.statusCode, answer.body).toBe(422);
      expect(answer.json().errors.map((e: { field: string }) => e.field)).toEqual(["body"]);
      expect(await storedCounts()).toEqual(before);
    });
  }
});
