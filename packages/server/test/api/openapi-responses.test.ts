import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRouteDocs } from "../../src/api/openapi/all-route-docs.js";
import { fastifyPath } from "../../src/api/openapi/route-doc.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { type FullApi, startFullApi } from "./openapi-app.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { recordBusyAttempt } from "./support/attempts.js";
import { completedWithResponses, sampleData } from "./support/samples.js";
import { BASE, strict } from "./support/strict-schema.js";

/**
 * Real answers of the API, checked against the response schemas of the served OpenAPI document with an
 * independent JSON Schema 2020-12 validator (Ajv). Objects are checked strictly: a field the document
 * does not list fails, so the document cannot fall behind the representations.
 */
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: unknown) => void;

let h: ApiHarness;
let api: FullApi;
let receiver: RecordingReceiver;
let document: any;
let ajv: InstanceType<typeof Ajv2020>;
let adminAuth: Record<string, string>;
const checked = new Set<string>();

beforeAll(async () => {
  h = await startApiHarness();
  api = await startFullApi(h);
  receiver = await startRecordingReceiver();
  document = (await api.app.inject({ method: "GET", url: "/openapi.json" })).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: BASE, $defs: strict(document.components.schemas) as object });
  adminAuth = { ...api.adminAuth };
});
afterAll(async () => {
  await api.close();
  await receiver.close();
  await h.close();
});

function documentedResponse(method: string, path: string, status: number) {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`${method} ${path} is not documented`);
  let response = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
  if (response === undefined) throw new Error(`${method} ${path} does not document ${status}`);
  if (typeof response.$ref === "string")
    response = document.components.responses[response.$ref.split("/").at(-1)];
  return { operationId: operation.operationId as string, response };
}

/** Asserts that `answer` is documented (status, content type, body schema) for `method path`. */
function expectDocumented(method: string, path: string, answer: LightMyRequestResponse): void {
  const { operationId, response } = documentedResponse(method, path, answer.statusCode);
  const content = response.content as Record<string, { schema: unknown }> | undefined;
  if (content === undefined) {
    expect(answer.body, `${operationId} ${answer.statusCode} has no body`).toBe("");
  } else {
    const [contentType, media] = Object.entries(content)[0] as [string, { schema: unknown }];
    expect(answer.headers["content-type"]).toContain(contentType);
    if (contentType.endsWith("json")) {
      const validateBody = ajv.compile(strict(media.schema) as object);
      const valid = validateBody(answer.json());
      expect(
        valid ? [] : validateBody.errors,
        `${operationId} ${answer.statusCode}: ${answer.body.slice(0, 400)}`,
      ).toEqual([]);
    }
  }
  checked.add(`${operationId} ${answer.statusCode}`);
}

type Call = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  url?: string;
  payload?: unknown;
  headers?: Record<string, string>;
};

async function call(c: Call): Promise<LightMyRequestResponse> {
  const answer = await api.app.inject({
    method: c.method,
    url: c.url ?? c.path,
    headers: c.headers ?? h.alice.auth,
    ...(c.payload === undefined ? {} : { payload: c.payload as object }),
  });
  expectDocumented(c.method, c.path, answer);
  return answer;
}

describe("answers match the OpenAPI document", () => {
  it("service routes", async () => {
    for (const path of ["/healthz", "/readyz", "/openapi.json", "/docs", "/metrics"]) {
      await call({ method: "GET", path, headers: {} });
    }
  });

  it("account, keys, accounts and catalog", async () => {
    await call({ method: "GET", path: "/v1/account" });
    await call({ method: "PATCH", path: "/v1/account", payload: { credits_threshold: 12 } });
    await call({ method: "GET", path: "/v1/event-types" });
    const key = (await call({ method: "POST", path: "/v1/api-keys", payload: { name: "docs" } })).json();
    await call({ method: "GET", path: "/v1/api-keys" });
    await call({ method: "DELETE", path: "/v1/api-keys/{id}", url: `/v1/api-keys/${key.id}` });
    await call({ method: "POST", path: "/v1/accounts", payload: { name: "New" }, headers: adminAuth });
    await call({ method: "GET", path: "/v1/accounts", headers: adminAuth });
  });

  it("endpoints, secrets, tester, events, credits, deliveries, recoveries and statistics", async () => {
    const endpoint = (
      await call({
        method: "POST",
        path: "/v1/endpoints",
        payload: {
          url: `${receiver.url}/hooks`,
          event_types: ["campaign.created", "candidate.interview.completed.extended", "credits.low"],
          generate_secret: true,
          metadata: { team: "crm" },
        },
      })
    ).json();
    const withId = (suffix = "") => ({ url: `/v1/endpoints/${endpoint.id}${suffix}` });
    await call({ method: "GET", path: "/v1/endpoints" });
    await call({ method: "GET", path: "/v1/endpoints/{id}", ...withId() });
    await call({ method: "PATCH", path: "/v1/endpoints/{id}", ...withId(), payload: { description: "CRM" } });
    await call({ method: "GET", path: "/v1/endpoints/{id}/secret", ...withId("/secret") });
    await call({
      method: "PUT",
      path: "/v1/endpoints/{id}/secret",
      ...withId("/secret"),
      payload: { generate: true },
    });
    await call({
      method: "POST",
      path: "/v1/endpoints/{id}/secret/rotate",
      ...withId("/secret/rotate"),
      payload: {},
    });
    await call({ method: "GET", path: "/v1/endpoints/{id}/secret", ...withId("/secret") });
    await call({
      method: "PATCH",
      path: "/v1/endpoints/{id}",
      ...withId(),
      payload: { signature_scheme: "ed25519" },
    });
    await call({
      method: "POST",
      path: "/v1/endpoints/{id}/signing-key/rotate",
      ...withId("/signing-key/rotate"),
    });
    await call({
      method: "POST",
      path: "/v1/endpoints/{id}/test",
      ...withId("/test"),
      payload: { event_type: "campaign.created" },
    });

    const publish = { event: "campaign.created", data: sampleData("campaign.created") };
    const published = (
      await call({
        method: "POST",
        path: "/v1/events",
        payload: publish,
        headers: { ...h.alice.auth, "idempotency-key": "k-1" },
      })
    ).json();
    await call({
      method: "POST",
      path: "/v1/events",
      payload: publish,
      headers: { ...h.alice.auth, "idempotency-key": "k-1" },
    });
    await call({
      method: "POST",
      path: "/v1/events",
      payload: { event: "candidate.interview.completed", data: completedWithResponses() },
    });
    await call({
      method: "POST",
      path: "/v1/events/batch",
      payload: { events: [publish, { ...publish, idempotency_key: "k-1" }, { event: "x", data: {} }] },
    });
    await call({ method: "GET", path: "/v1/events" });
    await call({ method: "GET", path: "/v1/events/{id}", url: `/v1/events/${published.id}` });
    await call({ method: "POST", path: "/v1/credits/balance", payload: { credits_remaining: 3 } });

    // One attempt that failed for good, so the delivery has attempts and can be resent and recovered.
    const claimed = await recordBusyAttempt(h, {
      workerId: "w",
      requestHeaders: { "content-type": "application/json", "x-voicehire-signature": "[redacted]" },
      responseHeaders: { "retry-after": "30" },
      next: { status: "failed" },
    });
    await call({ method: "GET", path: "/v1/deliveries" });
    await call({ method: "GET", path: "/v1/deliveries/{id}", url: `/v1/deliveries/${claimed.deliveryId}` });
    await call({ method: "GET", path: "/v1/endpoints/{id}/stats", ...withId("/stats") });
    await call({ method: "GET", path: "/v1/stats/deliveries" });
    const since = new Date(h.clock.now() - 3_600_000).toISOString();
    const recovery = (
      await call({
        method: "POST",
        path: "/v1/endpoints/{id}/recover",
        ...withId("/recover"),
        payload: { since },
      })
    ).json();
    await call({ method: "GET", path: "/v1/recoveries/{id}", url: `/v1/recoveries/${recovery.recovery_id}` });
    await call({
      method: "POST",
      path: "/v1/deliveries/{id}/resend",
      url: `/v1/deliveries/${claimed.deliveryId}/resend`,
    });
    await call({ method: "DELETE", path: "/v1/endpoints/{id}", ...withId() });
  });

  it("a pull endpoint's events", async () => {
    const payload = { kind: "pull", event_types: ["campaign.created"] };
    const endpoint = (await call({ method: "POST", path: "/v1/endpoints", payload })).json();
    const publish = { event: "campaign.created", data: sampleData("campaign.created") };
    await call({ method: "POST", path: "/v1/events", payload: publish });
    const url = `/v1/endpoints/${endpoint.id}/events?limit=5`;
    const page = await call({ method: "GET", path: "/v1/endpoints/{id}/events", url });
    expect(page.json().data).toHaveLength(1);
    await call({
      method: "GET",
      path: "/v1/endpoints/{id}/backlog",
      url: `/v1/endpoints/${endpoint.id}/backlog`,
    });
  });

  it("the dashboard's routes", async () => {
    const signIn = await call({
      method: "POST",
      path: "/dashboard/session",
      headers: { "x-voicehire-dashboard": "1" },
      payload: { api_key: h.alice.apiKey },
    });
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    await call({ method: "GET", path: "/dashboard/session", headers: { cookie } });
    await call({ method: "GET", path: "/dashboard/session", headers: {} });
    await call({
      method: "DELETE",
      path: "/dashboard/session",
      headers: { cookie, "x-voicehire-csrf": signIn.json().csrf_token },
    });
    await call({
      method: "POST",
      path: "/dashboard/session",
      headers: { "x-voicehire-dashboard": "1" },
      payload: { api_key: "vhk_nope" },
    });
    await call({ method: "GET", path: "/", headers: {} });
    await call({ method: "GET", path: "/dashboard", headers: {} });
    await call({ method: "GET", path: "/dashboard/{file}", url: "/dashboard/endpoints", headers: {} });
  });

  it("errors are documented problem documents", async () => {
    await call({ method: "GET", path: "/v1/account", headers: {} }); // 401
    await call({ method: "GET", path: "/v1/endpoints/{id}", url: "/v1/endpoints/ep_missing" }); // 404
    await call({ method: "POST", path: "/v1/api-keys", payload: { name: 1 } }); // 422
    await call({ method: "POST", path: "/v1/accounts", payload: { name: "x" } }); // 403
    await call({ method: "POST", path: "/v1/events", headers: adminAuth, payload: {} }); // 400
    await call({
      method: "POST",
      path: "/v1/events",
      headers: { ...h.alice.auth, "content-type": "text/plain" },
      payload: "x",
    }); // 415
  });

  it("every documented operation had a success answer checked", () => {
    const missing = allRouteDocs
      .filter((doc) => ![...checked].some((c) => new RegExp(`^${doc.operationId} [23]`).test(c)))
      .map((doc) => `${doc.method} ${fastifyPath(doc.path)}`);
    expect(missing).toEqual([]);
  });
});
