import { EVENT_TYPES } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { forAllTests } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { problemFields } from "./support/problem-fields.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
forAllTests(apiHarness(), (started) => {
  h = started;
});

const VALID = { url: "https://hooks.example.com/voicehire", event_types: ["campaign.created"] };

async function create(body: unknown) {
  return h.as(h.alice.auth).post("/v1/endpoints", body as object);
}

describe("endpoints: success paths", () => {
  it("creates an endpoint with defaults (signed: a generated secret, shown once), then reads it and lists it", async () => {
    const answer = await create(VALID);
    expect(answer.statusCode).toBe(201);
    const { secret, ...body } = answer.json();
    expect(body).toMatchObject({
      url: VALID.url,
      description: "",
      event_types: ["campaign.created"],
      enabled: true,
      has_secret: true,
      created_at: "2024-01-15T10:30:00.000Z",
    });
    expect(secret).toMatch(/^vhsec_[A-Za-z0-9_-]{43}$/);
    expect(body.id).toMatch(/^ep_/);
    expect(answer.headers.location).toBe(`/v1/endpoints/${body.id}`);

    const read = await h.as(h.alice.auth).get(`/v1/endpoints/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const stored = await h.store.getEndpoint(h.alice.account.id, body.id);
    expect(h.secretBox.open(stored?.sealedSecret ?? "")).toBe(secret);
    const list = await h.app.inject({ method: "GET", url: "/v1/endpoints", headers: h.alice.auth });
    expect(list.json().data.map((e: { id: string }) => e.id)).toContain(body.id);
  });

  it('is unsigned only when asked with "secret": null; generate_secret: false alone is refused', async () => {
    const unsigned = await create({ ...VALID, secret: null });
    expect(unsigned.statusCode).toBe(201);
    expect(unsigned.json()).toMatchObject({ has_secret: false });
    expect(unsigned.json()).not.toHaveProperty("secret");
    expect((await h.store.getEndpoint(h.alice.account.id, unsigned.json().id))?.sealedSecret).toBeNull();

    const before = (await h.store.listEndpoints(h.alice.account.id)).length;
    const vague = await create({ ...VALID, generate_secret: false });
    expect(vague.statusCode).toBe(422);
    expect(vague.body).toContain('send \\"secret\\": null');
    expect((await h.store.listEndpoints(h.alice.account.id)).length).toBe(before);
  });

  it("seals a given secret: answers only has_secret, and the store holds ciphertext that opens to it", async () => {
    const answer = await create({ ...VALID, secret: "my-shared-secret", description: "CRM", enabled: false });
    expect(answer.statusCode).toBe(201);
    const body = answer.json();
    expect(body).toMatchObject({ has_secret: true, description: "CRM", enabled: false });
    expect(JSON.stringify(body)).not.toContain("my-shared-secret");
    const stored = await h.store.getEndpoint(h.alice.account.id, body.id);
    expect(stored?.sealedSecret).not.toContain("my-shared-secret");
    expect(h.secretBox.open(stored?.sealedSecret ?? "")).toBe("my-shared-secret");
  });

  it("generates a vhsec_ secret, shows it once, and never again", async () => {
    const answer = await create({ ...VALID, generate_secret: true });
    expect(answer.statusCode).toBe(201);
    const { id, secret, has_secret } = answer.json();
    expect(has_secret).toBe(true);
    expect(secret).toMatch(/^vhsec_[A-Za-z0-9_-]{43}$/);
    const stored = await h.store.getEndpoint(h.alice.account.id, id);
    expect(h.secretBox.open(stored?.sealedSecret ?? "")).toBe(secret);
    const read = await h.app.inject({ method: "GET", url: `/v1/endpoints/${id}`, headers: h.alice.auth });
    expect(read.json()).not.toHaveProperty("secret");
    const list = await h.app.inject({ method: "GET", url: "/v1/endpoints", headers: h.alice.auth });
    expect(list.body).not.toContain(secret);
  });

  it("PATCH changes only the given fields; secret null removes the secret; generate_secret rotates it", async () => {
    const { id } = (await create({ ...VALID, secret: "first-secret", description: "keep me" })).json();
    h.clock.advance(1000);
    const patched = await h
      .as(h.alice.auth)
      .patch(`/v1/endpoints/${id}`, { enabled: false, event_types: ["candidate.added", "credits.low"] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      url: VALID.url,
      description: "keep me",
      enabled: false,
      event_types: ["candidate.added", "credits.low"],
      has_secret: true,
      updated_at: "2024-01-15T10:30:01.000Z",
    });
    expect(patched.json()).not.toHaveProperty("secret");
    expect(h.secretBox.open((await h.store.getEndpoint(h.alice.account.id, id))?.sealedSecret ?? "")).toBe(
      "first-secret",
    );

    const rotated = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { generate_secret: true });
    const newSecret = rotated.json().secret;
    expect(newSecret).toMatch(/^vhsec_/);
    expect(h.secretBox.open((await h.store.getEndpoint(h.alice.account.id, id))?.sealedSecret ?? "")).toBe(
      newSecret,
    );

    const removed = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { secret: null });
    expect(removed.json().has_secret).toBe(false);
    expect((await h.store.getEndpoint(h.alice.account.id, id))?.sealedSecret).toBeNull();
  });

  it("DELETE answers 204, then the endpoint is gone (404)", async () => {
    const { id } = (await create(VALID)).json();
    const deleted = await h.as(h.alice.auth).delete(`/v1/endpoints/${id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    const read = await h.app.inject({ method: "GET", url: `/v1/endpoints/${id}`, headers: h.alice.auth });
    expect(read.statusCode).toBe(404);
    expect(read.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(read.json()).toMatchObject({ status: 404, code: "not_found" });
    const again = await h.app.inject({ method: "DELETE", url: `/v1/endpoints/${id}`, headers: h.alice.auth });
    expect(again.statusCode).toBe(404);
  });

  it("accepts every catalog event type, .extended and credits.* included", async () => {
    const answer = await create({ ...VALID, event_types: [...EVENT_TYPES] });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().event_types).toEqual([...EVENT_TYPES]);
  });
});

describe("endpoints: bad input is refused with 422 naming the field, and stores nothing", () => {
  const longDescription = "x".repeat(501);
  const cases: [string, Record<string, unknown>, string][] = [
    ["url missing", { event_types: ["campaign.created"] }, "url"],
    ["url not a string", { ...VALID, url: 42 }, "url"],
    ["url malformed", { ...VALID, url: "not a url" }, "url"],
    ["url plain http", { ...VALID, url: "http://hooks.example.com/x" }, "url"],
    ["url ftp", { ...VALID, url: "ftp://hooks.example.com/x" }, "url"],
    ["url localhost", { ...VALID, url: "https://localhost/x" }, "url"],
    ["url loopback", { ...VALID, url: "https://127.0.0.1/x" }, "url"],
    ["url loopback in hex", { ...VALID, url: "https://0x7f.1/x" }, "url"],
    ["url private", { ...VALID, url: "https://10.1.2.3/x" }, "url"],
    ["url metadata", { ...VALID, url: "https://169.254.169.254/latest" }, "url"],
    ["url IPv6 loopback", { ...VALID, url: "https://[::1]/x" }, "url"],
    ["url IPv4-mapped IPv6", { ...VALID, url: "https://[::ffff:192.168.1.1]/x" }, "url"],
    ["url with credentials", { ...VALID, url: "https://user:pw@hooks.example.com/x" }, "url"],
    ["event_types missing", { url: VALID.url }, "event_types"],
    ["event_types empty", { ...VALID, event_types: [] }, "event_types"],
    ["event_types not an array", { ...VALID, event_types: "campaign.created" }, "event_types"],
    [
      "event type unknown",
      { ...VALID, event_types: ["campaign.created", "campaign.deleted"] },
      "event_types[1]",
    ],
    ["event type not a string", { ...VALID, event_types: [7] }, "event_types[0]"],
    [
      "event type twice",
      { ...VALID, event_types: ["campaign.created", "campaign.created"] },
      "event_types[1]",
    ],
    ["description too long", { ...VALID, description: longDescription }, "description"],
    ["enabled not a boolean", { ...VALID, enabled: "yes" }, "enabled"],
    ["secret too short", { ...VALID, secret: "short" }, "secret"],
    ["secret too long", { ...VALID, secret: "s".repeat(257) }, "secret"],
    [
      "secret and generate_secret",
      { ...VALID, secret: "long-enough-secret", generate_secret: true },
      "generate_secret",
    ],
    ["unknown field", { ...VALID, events: ["campaign.created"] }, "events"],
  ];

  it.each(cases)("%s", async (_name, body, field) => {
    const before = (await h.store.listEndpoints(h.alice.account.id)).length;
    const answer = await create(body);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    const problem = answer.json();
    expect(problem).toMatchObject({ status: 422, code: "validation_failed" });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(problem.detail).toContain(field);
    expect((await h.store.listEndpoints(h.alice.account.id)).length).toBe(before);
  });

  it("reports every problem of one body at once", async () => {
    const answer = await create({ url: "http://x", event_types: ["nope"], enabled: 1, extra: true });
    const fields = problemFields(answer).sort();
    expect(fields).toEqual(["enabled", "event_types[0]", "extra", "url"]);
  });

  it("a refused PATCH changes nothing", async () => {
    const { id } = (await create({ ...VALID, description: "before" })).json();
    const answer = await h
      .as(h.alice.auth)
      .patch(`/v1/endpoints/${id}`, { description: "after", url: "https://192.168.0.1/x" });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors).toEqual([{ field: "url", message: expect.stringContaining("192.168.0.1") }]);
    expect((await h.store.getEndpoint(h.alice.account.id, id))?.description).toBe("before");
  });

  it("an empty body is 400 naming body; malformed JSON is 400 invalid_json; a form is 415", async () => {
    const before = (await h.store.listEndpoints(h.alice.account.id)).length;
    const empty = await h.as(h.alice.auth).raw("POST", "/v1/endpoints", "application/json", "");
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: "empty_body", errors: [{ field: "body" }] });
    const malformed = await h
      .as(h.alice.auth)
      .raw("POST", "/v1/endpoints", "application/json", '{"url": "https://hooks.example.com",');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "invalid_json", errors: [{ field: "body" }] });
    const form = await h
      .as(h.alice.auth)
      .raw("POST", "/v1/endpoints", "application/x-www-form-urlencoded", "url=https://hooks.example.com");
    expect(form.statusCode).toBe(415);
    expect(form.json()).toMatchObject({
      code: "unsupported_media_type",
      errors: [{ field: "Content-Type" }],
    });
    expect((await h.store.listEndpoints(h.alice.account.id)).length).toBe(before);
  });
});

describe("endpoints in development mode", () => {
  let dev: ApiHarness;
  forAllTests(apiHarness({ developmentMode: true }), (started) => {
    dev = started;
  });

  it("accepts plain http and loopback receivers", async () => {
    const asAlice = dev.as(dev.alice.auth);
    const answer = await asAlice.post("/v1/endpoints", {
      url: "http://127.0.0.1:9999/hook",
      event_types: ["campaign.created"],
    });
    expect(answer.statusCode).toBe(201);
    const ftp = await asAlice.post("/v1/endpoints", {
      url: "ftp://127.0.0.1/hook",
      event_types: ["campaign.created"],
    });
    expect(ftp.statusCode).toBe(422);
  });
});
