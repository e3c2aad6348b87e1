import { describe, expect, it } from "vitest";
import { SESSION_LIFETIME_MS } from "../../../src/api/dashboard-session/session-token.js";
import { createApiKey, revokeApiKey } from "../../../src/services/api-keys.js";
import { forAllTests } from "../../support/fixture-hooks.js";
import { type ApiHarness, apiHarness, startApiHarness, type TestAccount } from "../support/api-harness.js";

/**
 * The dashboard's session: sign-in with an account key turns into an HttpOnly, SameSite=Strict cookie
 * that the /v1 API accepts instead of a bearer key, with a CSRF token required on unsafe methods.
 */
const DASHBOARD = { "x-voicehire-dashboard": "1" };

interface SignedIn {
  readonly cookie: string;
  readonly setCookie: string;
  readonly csrf: string;
}

async function signIn(h: ApiHarness, apiKey: string): Promise<SignedIn> {
  const answer = await h.as(DASHBOARD).post("/dashboard/session", { api_key: apiKey });
  expect(answer.statusCode).toBe(200);
  const setCookie = String(answer.headers["set-cookie"]);
  return { setCookie, cookie: setCookie.split(";")[0] as string, csrf: answer.json().csrf_token };
}

describe("dashboard session (production mode)", () => {
  let h: ApiHarness;
  forAllTests(apiHarness({ developmentMode: false }), (started) => {
    h = started;
  });

  it("signs in with an account key: a Secure, HttpOnly, SameSite=Strict __Host- cookie, and never echoes the key", async () => {
    const answer = await h.as(DASHBOARD).post("/dashboard/session", { api_key: h.alice.apiKey });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    const setCookie = String(answer.headers["set-cookie"]);
    expect(setCookie).toMatch(/^__Host-vh_session=[\w.-]+; /);
    for (const attribute of [
      "HttpOnly",
      "SameSite=Strict",
      "Secure",
      "Path=/",
      `Max-Age=${SESSION_LIFETIME_MS / 1000}`,
    ]) {
      expect(setCookie.split("; ")).toContain(attribute);
    }
    expect(setCookie).not.toContain(h.alice.apiKey);
    expect(answer.body).not.toContain(h.alice.apiKey);
    const body = answer.json();
    expect(body).toMatchObject({
      signed_in: true,
      account: { id: h.alice.account.id, name: "Alice" },
      development_mode: false,
    });
    expect(body.csrf_token).toMatch(/^[\w-]{32}$/);
  });

  it("refuses a sign-in without the dashboard header, with a wrong key, or with an empty body; no cookie set", async () => {
    const cases = [
      { headers: {}, payload: { api_key: h.alice.apiKey }, status: 400, field: "X-VoiceHire-Dashboard" },
      { headers: DASHBOARD, payload: { api_key: "vhk_wrong" }, status: 401, field: "api_key" },
      { headers: DASHBOARD, payload: { api_key: "" }, status: 400, field: "api_key" },
      { headers: DASHBOARD, payload: {}, status: 400, field: "api_key" },
    ];
    for (const c of cases) {
      const answer = await h.as(c.headers).post("/dashboard/session", c.payload);
      expect(answer.statusCode, JSON.stringify(c)).toBe(c.status);
      expect(answer.headers["content-type"]).toContain("application/problem+json");
      expect(answer.json().errors[0].field).toBe(c.field);
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("refuses an admin key and a revoked key", async () => {
    const admin = await createApiKey(
      { store: h.store, clock: h.clock },
      { accountId: h.alice.account.id, kind: "admin", name: "ops" },
    );
    if (admin.kind !== "created") throw new Error("admin key not created");
    const asAdmin = await h.as(DASHBOARD).post("/dashboard/session", { api_key: admin.key });
    expect(asAdmin.statusCode).toBe(401);
    expect(asAdmin.json().errors[0].message).toContain("admin key");

    const carol = await h.newAccount("Carol");
    await revokeApiKey(
      { store: h.store, clock: h.clock },
      carol.account.id,
      (await h.store.listApiKeys(carol.account.id))[0]?.id ?? "",
    );
    const revoked = await h.as(DASHBOARD).post("/dashboard/session", { api_key: carol.apiKey });
    expect(revoked.statusCode).toBe(401);
  });

  it("the cookie authenticates /v1 reads as the signed-in account, and no other", async () => {
    const session = await signIn(h, h.alice.apiKey);
    const created = await h
      .as(h.bob.auth)
      .post("/v1/endpoints", { url: "https://bob.example.com/hook", event_types: ["campaign.created"] });
    expect(created.statusCode).toBe(201);
    const account = await h.as({ cookie: session.cookie }).get("/v1/account");
    expect(account.statusCode).toBe(200);
    expect(account.json().id).toBe(h.alice.account.id);
    const bobs = await h.as({ cookie: session.cookie }).get(`/v1/endpoints/${created.json().id}`);
    expect(bobs.statusCode).toBe(404);
  });

  it("unsafe methods need the session's CSRF token: none or a wrong one is 403 and changes nothing", async () => {
    const session = await signIn(h, h.alice.apiKey);
    const other = await signIn(h, h.alice.apiKey);
    const body = { url: "https://alice.example.com/hook", event_types: ["campaign.created"] };
    const before = (await h.store.listEndpoints(h.alice.account.id)).length;
    for (const csrf of [undefined, "", "x".repeat(32), other.csrf]) {
      const headers: Record<string, string> = { cookie: session.cookie };
      if (csrf !== undefined) headers["x-voicehire-csrf"] = csrf;
      const answer = await h.app.inject({ method: "POST", url: "/v1/endpoints", headers, payload: body });
      expect(answer.statusCode, `csrf ${String(csrf)}`).toBe(403);
      expect(answer.json()).toMatchObject({ code: "csrf_failed", errors: [{ field: "X-VoiceHire-CSRF" }] });
    }
    expect(await h.store.listEndpoints(h.alice.account.id)).toHaveLength(before);
    const patch = await h.as({ cookie: session.cookie }).patch("/v1/account", { credits_threshold: 3 });
    expect(patch.statusCode).toBe(403);

    const ok = await h
      .as({ cookie: session.cookie, "x-voicehire-csrf": session.csrf })
      .post("/v1/endpoints", body);
    expect(ok.statusCode).toBe(201);
  });

  it("a bearer header still wins over a cookie, and a bad bearer key is not rescued by a good cookie", async () => {
    const session = await signIn(h, h.alice.apiKey);
    const asBob = await h.as({ cookie: session.cookie, ...h.bob.auth }).get("/v1/account");
    expect(asBob.json().id).toBe(h.bob.account.id);
    const bad = await h.as({ cookie: session.cookie, authorization: "Bearer vhk_nope" }).get("/v1/account");
    expect(bad.statusCode).toBe(401);
  });

  it("a tampered, foreign or expired cookie is 401, and GET /dashboard/session says signed out", async () => {
    const session = await signIn(h, h.alice.apiKey);
    const [name, value] = session.cookie.split("=") as [string, string];
    // A character inside the tag, where every base64url bit is data (the last one may carry padding bits).
    const at = value.length - 10;
    const flipped = value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
    const foreignHarness = await startApiHarness({ developmentMode: false });
    const foreign = (await signIn(foreignHarness, foreignHarness.alice.apiKey)).cookie;
    await foreignHarness.close();
    for (const cookie of [`${name}=${flipped}`, `${name}=garbage`, foreign]) {
      const answer = await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie } });
      expect(answer.statusCode, cookie).toBe(401);
      const state = await h.app.inject({ method: "GET", url: "/dashboard/session", headers: { cookie } });
      expect(state.json()).toEqual({ signed_in: false, development_mode: false });
    }

    const start = h.clock.now();
    h.clock.advance(SESSION_LIFETIME_MS - 1);
    expect(
      (await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(200);
    h.clock.advance(1);
    expect(
      (await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
    h.clock.set(start);
  });

  it("revoking the key ends every session made with it", async () => {
    const dave: TestAccount = await h.newAccount("Dave");
    const session = await signIn(h, dave.apiKey);
    expect(
      (await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(200);
    const keyId = (await h.store.listApiKeys(dave.account.id))[0]?.id ?? "";
    await revokeApiKey({ store: h.store, clock: h.clock }, dave.account.id, keyId);
    expect(
      (await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it("GET /dashboard/session tells the page who is signed in, with the CSRF token; DELETE signs out", async () => {
    const session = await signIn(h, h.alice.apiKey);
    const state = await h.as({ cookie: session.cookie }).get("/dashboard/session");
    expect(state.json()).toMatchObject({
      signed_in: true,
      csrf_token: session.csrf,
      account: { id: h.alice.account.id },
    });
    expect(state.json().key.prefix).toBe(h.alice.apiKey.slice(0, 12));

    const noToken = await h.as({ cookie: session.cookie, ...DASHBOARD }).delete("/dashboard/session");
    expect(noToken.statusCode).toBe(403);
    const out = await h
      .as({ cookie: session.cookie, "x-voicehire-csrf": session.csrf })
      .delete("/dashboard/session");
    expect(out.statusCode).toBe(204);
    const cleared = String(out.headers["set-cookie"]);
    expect(cleared).toMatch(/^__Host-vh_session=; /);
    expect(cleared.split("; ")).toContain("Max-Age=0");
  });

  it("without any cookie or header, /v1 still answers 401 naming Authorization", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/account" });
    expect(answer.statusCode).toBe(401);
    expect(answer.json().errors[0].field).toBe("Authorization");
  });
});

describe("dashboard session (development mode)", () => {
  it("serves plain HTTP on loopback: the cookie is vh_session, not Secure, still HttpOnly and SameSite=Strict", async () => {
    const h = await startApiHarness({ developmentMode: true });
    try {
      const session = await signIn(h, h.alice.apiKey);
      expect(session.setCookie).toMatch(/^vh_session=/);
      expect(session.setCookie.split("; ")).not.toContain("Secure");
      expect(session.setCookie.split("; ")).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict"]));
      const answer = await h.as({ cookie: session.cookie }).get("/v1/account");
      expect(answer.statusCode).toBe(200);
      // The production cookie name means nothing here (and vice versa).
      const wrongName = session.cookie.replace(/^vh_session/, "__Host-vh_session");
      expect(
        (await h.app.inject({ method: "GET", url: "/v1/account", headers: { cookie: wrongName } }))
          .statusCode,
      ).toBe(401);
    } finally {
      await h.close();
    }
  });
});
