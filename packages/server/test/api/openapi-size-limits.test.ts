import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { registeredRoutesOf } from "../../src/api/openapi/registered-routes.js";
import { forAllTests } from "../support/fixture-hooks.js";
import { type FullApi, harnessWithFullApi } from "./openapi-app.js";
import type { ApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

/**
 * The request size limit (413) holds on every route that reads a body, whoever calls it: every route
 * the server registered, not a hand-picked list.
 */
const LIMIT = 2048;

let h: ApiHarness;
let api: FullApi;
forAllTests(harnessWithFullApi({ bodyLimitBytes: LIMIT }), (started) => {
  ({ h, api } = started);
});

const oversized = JSON.stringify({ name: "x".repeat(LIMIT) });

describe("request size limit", () => {
  it("answers 413 naming body on every POST, PUT, PATCH and DELETE route, and stores nothing", async () => {
    const routes = registeredRoutesOf(api.app).filter((r) =>
      ["POST", "PUT", "PATCH", "DELETE"].includes(r.method),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const before = { deliveries: await h.deliveryCounts(), accounts: (await h.store.listAccounts()).length };
    for (const route of routes) {
      const url = route.url.replace(/:[a-z_]+/gi, "x_1").replace("*", "file");
      const auth = route.access === "admin" ? api.adminAuth : h.alice.auth;
      const answer = await api.app.inject({
        method: route.method as "POST",
        url,
        headers: { ...auth, "content-type": "application/json", "x-voicehire-dashboard": "1" },
        payload: oversized,
      });
      expect(`${route.method} ${route.url} ${answer.statusCode}`).toBe(`${route.method} ${route.url} 413`);
      expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(answer.json()).toMatchObject({ code: "payload_too_large", errors: [{ field: "body" }] });
    }
    expect({ deliveries: await h.deliveryCounts(), accounts: (await h.store.listAccounts()).length }).toEqual(
      before,
    );
  });

  it("holds over a socket for a chunked body that announces no length", async () => {
    const base = (await api.app.listen({ host: "127.0.0.1", port: 0 })).replace("[::1]", "127.0.0.1");
    const chunks = Array.from({ length: 64 }, () => Buffer.from(" ".repeat(256)));
    const answer = await fetch(`${base}/v1/events`, {
      method: "POST",
      headers: { ...h.alice.auth, "content-type": "application/json" },
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { code: string }).code).toBe("payload_too_large");
  });

  it("lets a body just under the limit through to validation", async () => {
    const answer = await api.app.inject({
      method: "POST",
      url: "/v1/api-keys",
      headers: { ...h.alice.auth, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(LIMIT - 40) }),
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors[0].field).toBe("name");
  });
});
