import { validate } from "@readme/openapi-parser";
import type { JsonSchema, ObjectSchema } from "@voicehire/webhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { allRouteDocs } from "../../src/api/openapi/all-route-docs.js";
import { registeredRoutesOf } from "../../src/api/openapi/registered-routes.js";
import { fastifyRouteOf, type RouteDoc } from "../../src/api/openapi/route-doc.js";
import { createAccountRequestSchema, settingsSchema } from "../../src/services/accounts.js";
import { createApiKeyRequestSchema } from "../../src/services/api-keys.js";
import { requestSchema as publishSchema } from "../../src/services/publish-event.js";
import { forAllTests } from "../support/fixture-hooks.js";
import { type FullApi, harnessWithFullApi, servedDocument } from "./openapi-app.js";
import type { ApiHarness, TestAccount } from "./support/api-harness.js";
import { requestsWith } from "./support/header-requests.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
let api: FullApi;
let adminKey: string;
let document: any;

forAllTests(harnessWithFullApi(), (started) => {
  ({ h, api } = started);
});
beforeAll(async () => {
  adminKey = (api.adminAuth.authorization ?? "").replace("Bearer ", "");
  document = await servedDocument(api);
});

const METHODS = ["get", "post", "put", "patch", "delete"];

function documentedOperations(doc: any): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3.1 document for an independent parser (@readme/openapi-parser)", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("the parser does catch a broken document (the check above is not vacuous)", async () => {
    const broken = structuredClone(document);
    const route = Object.keys(broken.paths).find((p) => p.includes("{")) as string;
    for (const operation of Object.values(broken.paths[route]) as any[]) delete operation.parameters;
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });

  it("documents every route the server registered, and only those, with the same access", () => {
    const registered = registeredRoutesOf(api.app);
    const registeredKeys = registered.map((r) => `${r.method} ${r.url}`).sort();
    const documented = allRouteDocs.map(fastifyRouteOf).sort();
    const undocumented = registeredKeys.filter((r) => !documented.includes(r));
    const unregistered = documented.filter((d) => !registeredKeys.includes(d));
    expect({ undocumented, unregistered }).toEqual({ undocumented: [], unregistered: [] });
    // The served document holds exactly the documented operations.
    const served = documentedOperations(document).sort();
    expect(served).toEqual(allRouteDocs.map((d) => `${d.method} ${d.path}`).sort());

    for (const route of registered) {
      const doc = allRouteDocs.find((d) => fastifyRouteOf(d) === `${route.method} ${route.url}`);
      const expected = route.url.startsWith("/v1/") ? (route.access ?? "account") : "public";
      expect(`${route.method} ${route.url} ${doc?.access}`).toBe(`${route.method} ${route.url} ${expected}`);
    }
  });

  it("documents request bodies with the very schemas that validate them", () => {
    const bodyOf = (method: string, path: string) =>
      allRouteDocs.find((d) => d.method === method && d.path === path)?.body;
    expect(bodyOf("POST", "/v1/api-keys")).toBe(createApiKeyRequestSchema);
    expect(bodyOf("POST", "/v1/accounts")).toBe(createAccountRequestSchema);
    expect(bodyOf("PATCH", "/v1/account")).toBe(settingsSchema);
    expect(bodyOf("POST", "/v1/events")).toBe(publishSchema);
    const served = document.paths["/v1/api-keys"].post.requestBody.content["application/json"].schema;
    expect(served).toEqual(JSON.parse(JSON.stringify(createApiKeyRequestSchema)));
  });

  it("every operation has an id, a summary, a success answer and the shared error answers", () => {
    for (const doc of allRouteDocs) {
      const operation = document.paths[doc.path][doc.method.toLowerCase()];
      expect(operation.operationId).toBe(doc.operationId);
      expect(operation.summary.length).toBeGreaterThan(5);
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((s) => /^[23]/.test(s)),
        doc.operationId,
      ).toBe(true);
      if (doc.access !== "public") {
        expect(statuses).toEqual(expect.arrayContaining(["401", "403", "429"]));
        expect(operation.security).toEqual([{ apiKey: [] }]);
      } else {
        expect(operation.security).toEqual([]);
      }
      if (doc.body !== undefined) expect(statuses).toEqual(expect.arrayContaining(["413", "415", "422"]));
      if (doc.path.includes("{")) expect(statuses).toContain("404");
    }
  });

  it("describes every catalog event as a webhook, with its data schema and sample", () => {
    const hooks = document.webhooks;
    expect(Object.keys(hooks)).toHaveLength(10);
    const completed = hooks["candidate.interview.completed"].post.requestBody.content["application/json"];
    expect(completed.schema.properties.data.properties.interview_score.type).toBe("number");
    expect(completed.example.data.interview_score).toBe(8.5);
  });
});

/** A value of the wrong JSON type for `schema`. */
function wrongValue(schema: JsonSchema): unknown {
  return schema.type === "string" ? 12345 : "not-the-right-type";
}

function pathWithIds(route: RouteDoc, endpointId: string): string {
  return route.path.replace("{id}", endpointId);
}

describe("the documented request schemas are the ones enforced (every route with a body)", () => {
  const bodyRoutes = allRouteDocs.filter((d) => d.body !== undefined && d.path.startsWith("/v1/"));
  let endpointId: string;
  beforeAll(async () => {
    const created = await requestsWith(api.app, h.alice.auth).post("/v1/endpoints", {
      url: "https://hooks.example.com/in",
      event_types: ["campaign.created"],
    });
    endpointId = created.json().id;
  });

  const headersFor = (route: RouteDoc, alice: TestAccount) =>
    route.access === "admin" ? { authorization: `Bearer ${adminKey}` } : alice.auth;

  it("has body routes to check", () => {
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(11);
  });

  for (const route of allRouteDocs.filter((d) => d.body !== undefined && d.path.startsWith("/v1/"))) {
    const body = route.body as ObjectSchema;

    it(`${route.method} ${route.path}: each documented field refuses a value of the wrong type, naming it`, async () => {
      for (const [field, schema] of Object.entries(body.properties)) {
        const answer = await api.app.inject({
          method: route.method,
          url: pathWithIds(route, endpointId),
          headers: headersFor(route, h.alice),
          payload: { [field]: wrongValue(schema) },
        });
        expect(answer.statusCode, `${field}: ${answer.body}`).toBe(422);
        expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
        const fields = answer.json().errors.map((e: { field: string }) => e.field);
        expect(fields, field).toContain(field);
      }
    });

    it(`${route.method} ${route.path}: the documented required fields are required`, async () => {
      const answer = await api.app.inject({
        method: route.method,
        url: pathWithIds(route, endpointId),
        headers: headersFor(route, h.alice),
        payload: { ...(body.additionalProperties === false ? { not_a_field: 1 } : {}) },
      });
      const required = body.required ?? [];
      if (required.length === 0 && body.additionalProperties !== false) return;
      expect(answer.statusCode).toBe(422);
      const fields = answer.json().errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining([...required]));
      if (body.additionalProperties === false) expect(fields).toContain("not_a_field");
    });
  }
});

describe("GET /docs", () => {
  it("is one self-contained HTML page listing every operation and event, loading nothing from elsewhere", async () => {
    const answer = await api.app.inject({ method: "GET", url: "/docs" });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["content-type"]).toContain("text/html");
    expect(answer.headers["content-security-policy"]).toContain("default-src 'none'");
    const html = answer.body;
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    for (const doc of allRouteDocs) {
      expect(html).toContain(`id="${doc.operationId}"`);
      expect(html).toContain(`<code>${doc.path}</code>`);
    }
    expect(html).toContain('id="webhook-candidate-interview-completed-extended"');
    // Request fields come from the validating schemas, with their descriptions.
    expect(html).toContain("A label to recognize the key in listings");
    // Text from the document is escaped, never interpreted as markup.
    expect(html).not.toContain("<API key>");
    expect(html).toContain("&lt;API key&gt;");
  });

  it("needs no API key, like /openapi.json", async () => {
    for (const url of ["/docs", "/openapi.json"]) {
      const answer = await api.app.inject({ method: "GET", url });
      expect(answer.statusCode).toBe(200);
    }
  });
});
