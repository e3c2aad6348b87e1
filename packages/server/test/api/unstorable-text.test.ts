import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { completedWithResponses, PROBLEM_JSON, sampleData } from "./support/samples.js";

/**
 * Text a store cannot keep (U+0000, which PostgreSQL refuses; lone surrogates, which have no UTF-8
 * form) is refused with a 4xx naming the field, on both stores, wherever it enters: path ids, query
 * parameters, body fields, object keys, event data at any depth. Nothing is written.
 */

const stores = await storesUnderTest("packages/server/test/api/unstorable-text.test.ts");

interface Seeded {
  readonly endpointId: string;
  readonly deliveryId: string;
}

/** Where the bad text goes: the request, and the field (and status) the answer must name. */
interface Place {
  readonly name: string;
  /** A URL cannot carry a lone surrogate at all (percent-encoding needs valid UTF-16): NUL only there. */
  readonly inUrl: boolean;
  readonly status: 400 | 422;
  readonly field: string;
  request(bad: string, seeded: Seeded): InjectOptions;
}

const enc = encodeURIComponent;
const validEndpoint = { url: "http://127.0.0.1:9/hook", event_types: ["campaign.created"] };

const PLACES: readonly Place[] = [
  {
    name: "endpoint id in the path",
    inUrl: true,
    status: 400,
    field: "id",
    request: (bad) => ({ method: "GET", url: `/v1/endpoints/${enc(`ep_${bad}`)}` }),
  },
  {
    name: "endpoint id of a PATCH",
    inUrl: true,
    status: 400,
    field: "id",
    request: (bad, s) => ({
      method: "PATCH",
      url: `/v1/endpoints/${enc(s.endpointId + bad)}`,
      payload: { description: "x" },
    }),
  },
  {
    name: "delivery id of a resend",
    inUrl: true,
    status: 400,
    field: "id",
    request: (bad, s) => ({
      method: "POST",
      url: `/v1/deliveries/${enc(s.deliveryId + bad)}/resend`,
      payload: {},
    }),
  },
  {
    name: "rest of a dashboard file's path",
    inUrl: true,
    status: 400,
    field: "path",
    request: (bad) => ({ method: "GET", url: `/dashboard/assets/${enc(`app${bad}.js`)}` }),
  },
  {
    name: "cursor of the delivery log",
    inUrl: true,
    status: 422,
    field: "cursor",
    request: (bad) => ({ method: "GET", url: `/v1/deliveries?cursor=${enc(`dlv_${bad}`)}` }),
  },
  {
    name: "campaign filter",
    inUrl: true,
    status: 422,
    field: "campaign_id",
    request: (bad) => ({ method: "GET", url: `/v1/deliveries?campaign_id=${enc(bad)}` }),
  },
  {
    name: "cursor of the event list",
    inUrl: true,
    status: 422,
    field: "cursor",
    request: (bad) => ({ method: "GET", url: `/v1/events?limit=5&cursor=${enc(bad)}` }),
  },
  {
    name: "endpoint description",
    inUrl: false,
    status: 422,
    field: "description",
    request: (bad) => ({
      method: "POST",
      url: "/v1/endpoints",
      payload: { ...validEndpoint, description: `hook ${bad}` },
    }),
  },
  {
    name: "endpoint metadata value",
    inUrl: false,
    status: 422,
    field: "metadata.team",
    request: (bad) => ({
      method: "POST",
      url: "/v1/endpoints",
      payload: { ...validEndpoint, metadata: { team: bad } },
    }),
  },
  {
    name: "endpoint metadata key",
    inUrl: false,
    status: 422,
    field: "metadata",
    request: (bad, s) => ({
      method: "PATCH",
      url: `/v1/endpoints/${s.endpointId}`,
      payload: { metadata: { [`team${bad}`]: "growth" } },
    }),
  },
  {
    name: "endpoint URL",
    inUrl: false,
    status: 422,
    field: "url",
    request: (bad) => ({
      method: "POST",
      url: "/v1/endpoints",
      payload: { ...validEndpoint, url: `http://127.0.0.1:9/${bad}` },
    }),
  },
  {
    name: "API key name",
    inUrl: false,
    status: 422,
    field: "name",
    request: (bad) => ({ method: "POST", url: "/v1/api-keys", payload: { name: `key ${bad}` } }),
  },
  {
    name: "event data field",
    inUrl: false,
    status: 422,
    field: "data.job_title",
    request: (bad) => ({
      method: "POST",
      url: "/v1/events",
      payload: { event: "campaign.created", data: { ...sampleData("campaign.created"), job_title: bad } },
    }),
  },
  {
    name: "event data, deep in the responses",
    inUrl: false,
    status: 422,
    field: "data.responses[0].answer",
    request: (bad) => {
      const data = completedWithResponses();
      (data.responses as { answer: string }[])[0] = {
        ...(data.responses as { answer: string }[])[0],
        answer: bad,
      } as { answer: string };
      return { method: "POST", url: "/v1/events", payload: { event: "candidate.interview.completed", data } };
    },
  },
  {
    name: "event data object key",
    inUrl: false,
    status: 422,
    field: "data",
    request: (bad) => ({
      method: "POST",
      url: "/v1/events",
      payload: { event: "campaign.created", data: { ...sampleData("campaign.created"), [bad]: 1 } },
    }),
  },
];

/** A string with one character no store can keep, somewhere in it. */
function badText(inUrl: boolean): fc.Arbitrary<string> {
  const poison = inUrl ? fc.constant("\u0000") : fc.constantFrom("\u0000", "\uD800", "\uDFFF", "a\uDC00");
  return fc
    .tuple(fc.string({ maxLength: 8 }), poison, fc.string({ maxLength: 8 }))
    .map((parts) => parts.join(""));
}

/** Everything the accounts can see through the port: a refused request must leave it as it was. */
async function storeContents(h: ApiHarness): Promise<string> {
  const parts = await Promise.all(
    [h.alice, h.bob].flatMap(({ account }) => [
      h.store.listEndpoints(account.id),
      h.store.listEvents(account.id, { limit: 100 }),
      h.store.listDeliveries(account.id, { limit: 100 }),
      h.store.listApiKeys(account.id),
      h.store.getAccount(account.id),
    ]),
  );
  return JSON.stringify([parts, await h.deliveryCounts()]);
}

describe.each(stores)("text no store can keep, on $name", ({ options }) => {
  let h: ApiHarness;
  let seeded: Seeded;

  beforeAll(async () => {
    h = await startApiHarness({ ...options, developmentMode: true });
    const created = await h.as(h.alice.auth).post("/v1/endpoints", validEndpoint);
    expect(created.statusCode).toBe(201);
    const published = await h
      .as(h.alice.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(published.statusCode).toBe(202);
    const deliveries = await h.store.listDeliveries(h.alice.account.id, { limit: 1 });
    seeded = { endpointId: created.json<{ id: string }>().id, deliveryId: deliveries[0]?.id ?? "" };
  });
  afterAll(async () => {
    await h?.close();
  });

  it("every place, any such text: a 4xx naming the field, and nothing written", async () => {
    const cases = fc
      .constantFrom(...PLACES)
      .chain((place) => fc.tuple(fc.constant(place), badText(place.inUrl)));
    await fc.assert(
      fc.asyncProperty(cases, async ([place, bad]) => {
        const before = await storeContents(h);
        const request = place.request(bad, seeded);
        const answer = await h.app.inject({ ...request, headers: h.alice.auth });
        expect(answer.statusCode, place.name).toBe(place.status);
        expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
        expect(answer.json<{ errors: { field: string }[] }>().errors[0]?.field, place.name).toBe(place.field);
        expect(await storeContents(h), place.name).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it("the same places with ordinary text are accepted (the refusal is about the character)", async () => {
    const answer = await h.app.inject({
      method: "POST",
      url: "/v1/endpoints",
      headers: h.alice.auth,
      payload: {
        ...validEndpoint,
        description: "hook \u00e9\ud83d\udca5",
        metadata: { team: "\ud83d\udca5" },
      },
    });
    expect(answer.statusCode).toBe(201);
  });
});
