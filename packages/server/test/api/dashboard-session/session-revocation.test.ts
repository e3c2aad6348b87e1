import { describe, expect, it } from "vitest";
import { SESSION_LIFETIME_MS } from "../../../src/api/dashboard-session/session-token.js";
import { forAllTests } from "../../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "../support/api-harness.js";
import { storesUnderTest } from "../support/both-stores.js";

/**
 * Signing out ends the session on the server, on both stores: a copy of the cookie taken before
 * (a stolen cookie, a second tab, a proxy's log) answers 401 after, while the account's other
 * sessions keep working. Expired sessions are deleted at the next sign-in.
 */
const stores = await storesUnderTest("packages/server/test/api/dashboard-session/session-revocation.test.ts");
const DASHBOARD = { "x-voicehire-dashboard": "1" };

interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
}

describe.each(stores)("dashboard sign-out ends the session, on $name", ({ options }) => {
  let h: ApiHarness;
  forAllTests(apiHarness({ ...options, developmentMode: false }), (started) => {
    h = started;
  });

  async function signIn(apiKey: string): Promise<SignedIn> {
    const answer = await h.as(DASHBOARD).post("/dashboard/session", { api_key: apiKey });
    expect(answer.statusCode).toBe(200);
    const cookie = String(answer.headers["set-cookie"]).split(";")[0] as string;
    return { cookie, csrf: answer.json<{ csrf_token: string }>().csrf_token };
  }

  const read = (session: SignedIn) =>
    h.app.inject({ method: "GET", url: "/v1/endpoints", headers: { cookie: session.cookie } });
  const write = (session: SignedIn) =>
    h
      .as({ cookie: session.cookie, "x-voicehire-csrf": session.csrf })
      .patch("/v1/account", { credits_threshold: 7 });
  const signOut = (session: SignedIn) =>
    h
      .as({ cookie: session.cookie, "x-voicehire-csrf": session.csrf, ...DASHBOARD })
      .delete("/dashboard/session");
  const signedIn = async (session: SignedIn) =>
    (
      await h.app.inject({ method: "GET", url: "/dashboard/session", headers: { cookie: session.cookie } })
    ).json<{ signed_in: boolean }>().signed_in;

  it("a cookie captured before sign-out answers 401 after it, for reads and writes", async () => {
    const captured = await signIn(h.alice.apiKey);
    expect((await read(captured)).statusCode).toBe(200);
    expect((await write(captured)).statusCode).toBe(200);

    expect((await signOut(captured)).statusCode).toBe(204);

    for (const answer of [await read(captured), await write(captured)]) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({ code: "unauthorized", errors: [{ field: "Authorization" }] });
    }
    expect(await signedIn(captured)).toBe(false);
  });

  it("signing out of one session leaves the account's other sessions working", async () => {
    const laptop = await signIn(h.alice.apiKey);
    const phone = await signIn(h.alice.apiKey);
    const bob = await signIn(h.bob.apiKey);
    expect((await signOut(laptop)).statusCode).toBe(204);
    expect((await read(laptop)).statusCode).toBe(401);
    expect((await read(phone)).statusCode).toBe(200);
    expect((await write(phone)).statusCode).toBe(200);
    expect((await read(bob)).statusCode).toBe(200);
    expect(await signedIn(phone)).toBe(true);
  });

  it("an expired session stops working, and the next sign-in deletes its record", async () => {
    const early = await signIn(h.bob.apiKey);
    h.clock.advance(SESSION_LIFETIME_MS);
    expect((await read(early)).statusCode).toBe(401);
    const later = await signIn(h.bob.apiKey);
    expect((await read(later)).statusCode).toBe(200);
    // Only sessions made by the sign-in just now (and after) are left: the earlier ones were purged.
    expect(await h.store.deleteExpiredDashboardSessions(h.clock.now() + SESSION_LIFETIME_MS)).toBe(1);
  });
});
