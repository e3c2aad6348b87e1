import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { forAllTests } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
forAllTests(apiHarness(), (started) => {
  h = started;
});

async function createKey(auth: Record<string, string>, payload: unknown) {
  return h.app.inject({ method: "POST", url: "/v1/api-keys", headers: auth, payload: payload as object });
}

describe("POST /v1/api-keys", () => {
  it("creates a key shown once: it authenticates, and only its hash is stored", async () => {
    const answer = await createKey(h.alice.auth, { name: "CRM production" });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers["cache-control"]).toBe("no-store");
    const body = answer.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^key_/),
      name: "CRM production",
      prefix: body.key.slice(0, 12),
      kind: "account",
      created_at: new Date(h.clock.now()).toISOString(),
      revoked_at: null,
      key: expect.stringMatching(/^vhk_[A-Za-z0-9_-]{43}$/),
    });
    const [stored] = (await h.store.listApiKeys(h.alice.account.id)).filter((k) => k.id === body.id);
    expect(stored?.hash).toBe(createHash("sha256").update(body.key).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(body.key);

    const me = await h.as({ authorization: `Bearer ${body.key}` }).get("/v1/account");
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(h.alice.account.id);

    const list = await h.app.inject({ method: "GET", url: "/v1/api-keys", headers: h.alice.auth });
    expect(list.body).not.toContain(body.key);
    expect(list.json().data.find((k: { id: string }) => k.id === body.id)).not.toHaveProperty("key");
  });

  const badBodies: [string, unknown, string][] = [
    ["an array", [], "body"],
    ["a missing name", {}, "name"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a name too long", { name: "x".repeat(201) }, "name"],
    ["a name that is not a string", { name: 42 }, "name"],
    ["an unknown kind", { name: "k", kind: "root" }, "kind"],
    ["an unknown field", { name: "k", scopes: ["all"] }, "scopes"],
  ];
  it.each(badBodies)("refuses %s: 422 naming the field, nothing stored", async (_what, payload, field) => {
    const before = await h.store.listApiKeys(h.alice.account.id);
    const answer = await createKey(h.alice.auth, payload);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json()).toMatchObject({
      code: "validation_failed",
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(answer.json().detail).toContain(field);
    expect(await h.store.listApiKeys(h.alice.account.id)).toEqual(before);
  });

  it("refuses an empty body (400 naming body) and a non-JSON one (415)", async () => {
    const before = await h.store.listApiKeys(h.alice.account.id);
    const empty = await h.app.inject({ method: "POST", url: "/v1/api-keys", headers: h.alice.auth });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: "empty_body", errors: [{ field: "body" }] });
    const text = await h.as(h.alice.auth).raw("POST", "/v1/api-keys", "text/plain", "name=x");
    expect(text.statusCode).toBe(415);
    expect(await h.store.listApiKeys(h.alice.account.id)).toEqual(before);
  });

  it("refuses to let an account key create an admin key (403 naming kind), storing nothing", async () => {
    const before = await h.store.listApiKeys(h.alice.account.id);
    const answer = await createKey(h.alice.auth, { name: "escalate", kind: "admin" });
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toMatchObject({ code: "forbidden", errors: [{ field: "kind" }] });
    expect(await h.store.listApiKeys(h.alice.account.id)).toEqual(before);
  });
});

describe("GET /v1/api-keys", () => {
  it("lists the account's keys newest first, page by page, never another account's", async () => {
    const who = await h.newAccount("Lister");
    const made: string[] = [];
    for (const name of ["one", "two", "three"]) {
      h.clock.advance(1000);
      made.push((await createKey(who.auth, { name })).json().id);
    }
    const all = await h.app.inject({ method: "GET", url: "/v1/api-keys", headers: who.auth });
    expect(all.statusCode).toBe(200);
    const names = all.json().data.map((k: { name: string }) => k.name);
    expect(names).toEqual(["three", "two", "one", "test"]);
    expect(all.json().next_cursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const url: string = `/v1/api-keys?limit=1${cursor === null ? "" : `&cursor=${cursor}`}`;
      const answer = await h.app.inject({ method: "GET", url, headers: who.auth });
      const body = answer.json();
      expect(body.data).toHaveLength(1);
      seen.push(body.data[0].name);
      cursor = body.next_cursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual(["three", "two", "one", "test"]);

    const bobs = await h.app.inject({ method: "GET", url: "/v1/api-keys", headers: h.bob.auth });
    expect(bobs.json().data.map((k: { id: string }) => k.id)).not.toEqual(expect.arrayContaining([made[0]]));
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["limit=1&limit=2", "limit"],
    ["cursor=", "cursor"],
    ["sort=asc", "sort"],
  ])("refuses ?%s with 422 naming %s", async (query, field) => {
    const answer = await h.app.inject({ method: "GET", url: `/v1/api-keys?${query}`, headers: h.alice.auth });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe("DELETE /v1/api-keys/:id", () => {
  it("revokes: the key answers 401 from then on, and the listing shows when it was revoked", async () => {
    const created = (await createKey(h.alice.auth, { name: "to revoke" })).json();
    h.clock.advance(5000);
    const revoke = await h.as(h.alice.auth).delete(`/v1/api-keys/${created.id}`);
    expect(revoke.statusCode).toBe(204);
    expect(revoke.body).toBe("");
    const use = await h.as({ authorization: `Bearer ${created.key}` }).get("/v1/account");
    expect(use.statusCode).toBe(401);
    const list = await h.app.inject({ method: "GET", url: "/v1/api-keys", headers: h.alice.auth });
    const listed = list.json().data.find((k: { id: string }) => k.id === created.id);
    expect(listed.revoked_at).toBe(new Date(h.clock.now()).toISOString());
    // Again: still revoked, at the first time.
    h.clock.advance(5000);
    expect(
      (await h.app.inject({ method: "DELETE", url: `/v1/api-keys/${created.id}`, headers: h.alice.auth }))
        .statusCode,
    ).toBe(204);
    const again = (await h.store.listApiKeys(h.alice.account.id)).find((k) => k.id === created.id);
    expect(again?.revokedAt).toBe(h.clock.now() - 5000);
  });

  it("a key can revoke itself; the next request with it is refused", async () => {
    const created = (await createKey(h.alice.auth, { name: "self" })).json();
    const auth = { authorization: `Bearer ${created.key}` };
    expect(
      (await h.app.inject({ method: "DELETE", url: `/v1/api-keys/${created.id}`, headers: auth })).statusCode,
    ).toBe(204);
    expect((await h.app.inject({ method: "GET", url: "/v1/api-keys", headers: auth })).statusCode).toBe(401);
  });

  it("answers 404 for another account's key and for an unknown id, and revokes nothing", async () => {
    const created = (await createKey(h.alice.auth, { name: "alice's" })).json();
    for (const id of [created.id, "key_unknown"]) {
      const answer = await h.app.inject({ method: "DELETE", url: `/v1/api-keys/${id}`, headers: h.bob.auth });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ code: "not_found" });
    }
    const still = await h.as({ authorization: `Bearer ${created.key}` }).get("/v1/account");
    expect(still.statusCode).toBe(200);
  });
});

describe("over a socket", () => {
  it("creates, lists and revokes a key through a real HTTP connection", async () => {
    const address = await h.app.listen({ host: "127.0.0.1", port: 0 });
    const base = address.replace("[::1]", "127.0.0.1");
    try {
      const post = await fetch(`${base}/v1/api-keys`, {
        method: "POST",
        headers: { ...h.alice.auth, "content-type": "application/json" },
        body: JSON.stringify({ name: "socket" }),
      });
      expect(post.status).toBe(201);
      const created = (await post.json()) as { id: string; key: string };
      const list = await fetch(`${base}/v1/api-keys`, {
        headers: { authorization: `Bearer ${created.key}` },
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { data: { id: string }[] }).data.map((k) => k.id)).toContain(created.id);
      const bad = await fetch(`${base}/v1/api-keys`, {
        method: "POST",
        headers: { ...h.alice.auth, "content-type": "application/json" },
        body: JSON.stringify({ name: 7 }),
      });
      expect(bad.status).toBe(422);
      expect(bad.headers.get("content-type")).toContain(PROBLEM_JSON);
      const del = await fetch(`${base}/v1/api-keys/${created.id}`, {
        method: "DELETE",
        headers: h.alice.auth,
      });
      expect(del.status).toBe(204);
      const after = await fetch(`${base}/v1/api-keys`, {
        headers: { authorization: `Bearer ${created.key}` },
      });
      expect(after.status).toBe(401);
    } finally {
      await h.app.close();
    }
  });
});
