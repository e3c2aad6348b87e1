import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/services/api-keys.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;
let admin: { readonly key: string; readonly id: string; readonly accountId: string };
const adminAuth = (account?: string) => ({
  authorization: `Bearer ${admin.key}`,
  ...(account === undefined ? {} : { "voicehire-account": account }),
});

beforeAll(async () => {
  h = await startApiHarness();
  const platform = await h.newAccount("Platform");
  const created = await createApiKey(
    { store: h.store, clock: h.clock },
    { accountId: platform.account.id, kind: "admin", name: "platform" },
  );
  if (created.kind !== "created") throw new Error("no admin key");
  admin = { key: created.key, id: created.record.id, accountId: platform.account.id };
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/accounts (admin keys)", () => {
  it("creates an account; the admin then creates its first key, which acts for it alone", async () => {
    const answer = await h.as(adminAuth()).post("/v1/accounts", { name: "Acme RH", credits_threshold: 25 });
    expect(answer.statusCode).toBe(201);
    const account = answer.json();
    expect(account).toEqual({
      id: expect.stringMatching(/^acc_/),
      name: "Acme RH",
      credits_threshold: 25,
      created_at: new Date(h.clock.now()).toISOString(),
    });
    expect(await h.store.getAccount(account.id)).toMatchObject({ name: "Acme RH", creditsThreshold: 25 });

    const key = await h.as(adminAuth(account.id)).post("/v1/api-keys", { name: "Acme's first key" });
    expect(key.statusCode).toBe(201);
    expect((await h.store.listApiKeys(account.id)).map((k) => k.id)).toEqual([key.json().id]);
    const me = await h.as({ authorization: `Bearer ${key.json().key}` }).get("/v1/account");
    expect(me.json()).toMatchObject({ id: account.id, credits_threshold: 25 });
  });

  it("defaults the credits threshold to 10", async () => {
    const answer = await h.as(adminAuth()).post("/v1/accounts", { name: "Default" });
    expect(answer.json().credits_threshold).toBe(10);
  });

  it("refuses an account key: 403, and no account is created", async () => {
    const before = (await h.store.listAccounts()).length;
    const answer = await h.as(h.alice.auth).post("/v1/accounts", { name: "Sneaky" });
    expect(answer.statusCode).toBe(403);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json()).toMatchObject({ code: "forbidden", errors: [{ field: "VoiceHire-Account" }] });
    expect(answer.json().detail).toContain("admin API key");
    expect((await h.store.listAccounts()).length).toBe(before);
  });

  it.each([
    ["a missing name", {}, "name"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: " \t " }, "name"],
    ["a name too long", { name: "n".repeat(201) }, "name"],
    ["a negative threshold", { name: "x", credits_threshold: -1 }, "credits_threshold"],
    ["a threshold that is not a number", { name: "x", credits_threshold: "10" }, "credits_threshold"],
    ["an unknown field", { name: "x", plan: "gold" }, "plan"],
    ["a body that is not an object", "Acme", "body"],
  ])("refuses %s: 422 naming the field, nothing created", async (_what, payload, field) => {
    const before = (await h.store.listAccounts()).length;
    const answer = await h.app.inject({
      method: "POST",
      url: "/v1/accounts",
      headers: { ...adminAuth(), "content-type": "application/json" },
      payload: JSON.stringify(payload),
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await h.store.listAccounts()).length).toBe(before);
  });
});

describe("GET /v1/accounts (admin keys)", () => {
  it("lists every account, newest first; an account key gets 403", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/accounts?limit=100", headers: adminAuth() });
    expect(answer.statusCode).toBe(200);
    const ids = answer.json().data.map((a: { id: string }) => a.id);
    const stored = (await h.store.listAccounts()).map((a) => a.id);
    expect(ids).toEqual([...stored].sort().reverse());
    const refused = await h.app.inject({ method: "GET", url: "/v1/accounts", headers: h.alice.auth });
    expect(refused.statusCode).toBe(403);
  });
});

describe("an admin key acting for an account (VoiceHire-Account)", () => {
  it("publishes for the named account: the event and its deliveries are that account's", async () => {
    const endpoint = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { url: "https://alice.example.com/hooks", event_types: ["campaign.created"] });
    expect(endpoint.statusCode).toBe(201);
    const published = await h
      .as(adminAuth(h.alice.account.id))
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(published.statusCode).toBe(202);
    expect(published.json().deliveries).toBe(1);
    const id = published.json().id;
    expect(await h.store.getEvent(h.alice.account.id, id)).toBeDefined();
    expect(await h.store.getEvent(admin.accountId, id)).toBeUndefined();
    expect(await h.store.getEvent(h.bob.account.id, id)).toBeUndefined();
  });

  it("reads the named account's resources, and only those", async () => {
    const bobs = await h
      .as(h.bob.auth)
      .post("/v1/endpoints", { url: "https://bob.example.com/hooks", event_types: ["credits.low"] });
    const asAlice = await h.as(adminAuth(h.alice.account.id)).get("/v1/endpoints");
    expect(asAlice.statusCode).toBe(200);
    expect(asAlice.json().data.map((e: { id: string }) => e.id)).not.toContain(bobs.json().id);
    const bobsOwn = await h.as(adminAuth(h.alice.account.id)).get(`/v1/endpoints/${bobs.json().id}`);
    expect(bobsOwn.statusCode).toBe(404);
    const asBob = await h.as(adminAuth(h.bob.account.id)).get(`/v1/endpoints/${bobs.json().id}`);
    expect(asBob.statusCode).toBe(200);
  });

  it("must name the account on account routes: 400 naming VoiceHire-Account, nothing done", async () => {
    const counts = await h.deliveryCounts();
    const answer = await h
      .as(adminAuth())
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({
      code: "invalid_request",
      errors: [{ field: "VoiceHire-Account" }],
    });
    expect(answer.json().detail).toContain("VoiceHire-Account");
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it.each([
    ["an unknown account", "acc_01HZZZZZZZZZZZZZZZZZZZZZZZ", 404, "not_found"],
    ["a malformed account id", "alice", 400, "invalid_request"],
    ["an id with odd characters", "acc_../../x", 400, "invalid_request"],
  ])("answers %s (%s) with its status, naming VoiceHire-Account", async (_what, header, status, code) => {
    const counts = await h.deliveryCounts();
    const answer = await h
      .as(adminAuth(header))
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(answer.statusCode).toBe(status);
    expect(answer.json()).toMatchObject({ code, errors: [{ field: "VoiceHire-Account" }] });
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("needs no account on the catalog route", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/event-types", headers: adminAuth() });
    expect(answer.statusCode).toBe(200);
  });

  it("stops working once revoked", async () => {
    const extra = await createApiKey(
      { store: h.store, clock: h.clock },
      { accountId: admin.accountId, kind: "admin", name: "short-lived" },
    );
    if (extra.kind !== "created") throw new Error("no key");
    const auth = { authorization: `Bearer ${extra.key}` };
    expect((await h.app.inject({ method: "GET", url: "/v1/accounts", headers: auth })).statusCode).toBe(200);
    // Revoked through this process's API: refused at once (another process's revocation: within 1 s).
    const revoked = await h.app.inject({
      method: "DELETE",
      url: `/v1/api-keys/${extra.record.id}`,
      headers: { ...auth, "voicehire-account": admin.accountId },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await h.app.inject({ method: "GET", url: "/v1/accounts", headers: auth })).statusCode).toBe(401);
  });

  it("may create an admin key for an account it acts for", async () => {
    const answer = await h
      .as(adminAuth(admin.accountId))
      .post("/v1/api-keys", { name: "second platform key", kind: "admin" });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().kind).toBe("admin");
  });
});

describe("account keys never act for another account", () => {
  it("naming another account is refused (403) and changes nothing", async () => {
    const counts = await h.deliveryCounts();
    const bobEvents = await h.app.inject({ method: "GET", url: "/v1/deliveries", headers: h.bob.auth });
    const answer = await h
      .as({ ...h.alice.auth, "voicehire-account": h.bob.account.id })
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toMatchObject({ code: "forbidden", errors: [{ field: "VoiceHire-Account" }] });
    expect(await h.deliveryCounts()).toEqual(counts);
    const bobAfter = await h.app.inject({ method: "GET", url: "/v1/deliveries", headers: h.bob.auth });
    expect(bobAfter.json()).toEqual(bobEvents.json());

    const read = await h.as({ ...h.alice.auth, "voicehire-account": h.bob.account.id }).get("/v1/account");
    expect(read.statusCode).toBe(403);
    expect(read.body).not.toContain("Bob");
  });

  it("naming its own account is allowed", async () => {
    const answer = await h
      .as({ ...h.alice.auth, "voicehire-account": h.alice.account.id })
      .get("/v1/account");
    expect(answer.statusCode).toBe(200);
    expect(answer.json().id).toBe(h.alice.account.id);
  });
});
