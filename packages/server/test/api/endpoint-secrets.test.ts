import { describe, expect, it } from "vitest";
import { forEachTest } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
forEachTest(apiHarness(), (started) => {
  h = started;
});

const DAY_MS = 86_400_000;

async function createEndpoint(body: Record<string, unknown> = {}): Promise<string> {
  const answer = await h.as(h.alice.auth).post("/v1/endpoints", {
    url: "https://hooks.example.com/in",
    event_types: ["campaign.created"],
    ...body,
  });
  expect(answer.statusCode).toBe(201);
  return answer.json().id as string;
}

function call(method: "GET" | "PUT" | "POST", url: string, payload?: unknown) {
  return h.app.inject({
    method,
    url,
    headers: h.alice.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** The secrets deliveries would be signed with now, newest first, opened. */
async function signingSecrets(endpointId: string): Promise<string[]> {
  const endpoint = await h.store.getEndpoint(h.alice.account.id, endpointId);
  const previous = (await h.store.listPreviousSecrets(h.alice.account.id, endpointId, h.clock.now())) ?? [];
  return [endpoint?.sealedSecret ?? null, ...previous.map((p) => p.sealedSecret)]
    .filter((s): s is string => s !== null)
    .map((sealed) => h.secretBox.open(sealed));
}

/** `method` on the URL `path` gives for an endpoint signing with `secret`: 422 naming `error`, secret kept. */
async function expectRefusedKeepingSecret(
  secret: string,
  method: "PUT" | "POST",
  path: (id: string) => string,
  payload: object,
  error: { field: string; message: string },
): Promise<void> {
  const id = await createEndpoint({ secret });
  const answer = await call(method, path(id), payload);
  expect(answer.statusCode).toBe(422);
  expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
  expect(answer.json()).toMatchObject({ code: "validation_failed", errors: [error] });
  expect(await signingSecrets(id)).toEqual([secret]);
}

describe("GET /v1/endpoints/:id/secret", () => {
  it("reveals the secret (never cached), and null for an endpoint that does not sign", async () => {
    const signed = await createEndpoint({ secret: "s3cret-of-alice" });
    const answer = await call("GET", `/v1/endpoints/${signed}/secret`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.json()).toEqual({ secret: "s3cret-of-alice", previous: [] });

    const unsigned = await createEndpoint({ secret: null });
    expect((await call("GET", `/v1/endpoints/${unsigned}/secret`)).json()).toEqual({
      secret: null,
      previous: [],
    });
  });
});

describe("PUT /v1/endpoints/:id/secret", () => {
  it("replaces the secret now: a rotation's previous secret stops signing at once", async () => {
    const id = await createEndpoint({ secret: "first-secret" });
    await call("POST", `/v1/endpoints/${id}/secret/rotate`, { secret: "second-secret" });
    expect(await signingSecrets(id)).toEqual(["second-secret", "first-secret"]);

    const answer = await call("PUT", `/v1/endpoints/${id}/secret`, { secret: "third-secret" });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ secret: "third-secret", previous: [] });
    expect(await signingSecrets(id)).toEqual(["third-secret"]);
    expect((await call("GET", `/v1/endpoints/${id}`)).json().has_secret).toBe(true);
  });

  it("generates a secret on demand, and null stops signing", async () => {
    const id = await createEndpoint();
    const generated = await call("PUT", `/v1/endpoints/${id}/secret`, { generate: true });
    expect(generated.statusCode).toBe(200);
    const secret = generated.json().secret as string;
    expect(secret).toMatch(/^vhsec_[A-Za-z0-9_-]{43}$/);
    expect(await signingSecrets(id)).toEqual([secret]);

    const removed = await call("PUT", `/v1/endpoints/${id}/secret`, { secret: null });
    expect(removed.json()).toEqual({ secret: null, previous: [] });
    expect(await signingSecrets(id)).toEqual([]);
    expect((await call("GET", `/v1/endpoints/${id}`)).json().has_secret).toBe(false);
  });

  it.each([
    [{}, "secret", "is required (or send generate: true)"],
    [{ secret: "short" }, "secret", "must be at least 8 characters"],
    [{ secret: 42 }, "secret", "must be a string"],
    [
      { secret: "long-enough", generate: true },
      "generate",
      "cannot be combined with secret: give a secret or ask for one",
    ],
    [{ generate: "yes" }, "generate", "must be a boolean"],
    [{ secret: "long-enough", rotate: true }, "rotate", "is not allowed"],
  ])("refuses %j naming %s, and changes nothing", async (payload, field, message) => {
    await expectRefusedKeepingSecret("kept-secret", "PUT", (id) => `/v1/endpoints/${id}/secret`, payload, {
      field,
      message,
    });
  });

  it("needs a body", async () => {
    const id = await createEndpoint({ secret: "kept-secret" });
    const answer = await call("PUT", `/v1/endpoints/${id}/secret`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: "empty_body", errors: [{ field: "body" }] });
  });
});

describe("POST /v1/endpoints/:id/secret/rotate", () => {
  it("rotates with a 24 h grace period by default: both secrets sign until it ends", async () => {
    const id = await createEndpoint({ secret: "old-secret-1" });
    const answer = await call("POST", `/v1/endpoints/${id}/secret/rotate`, { secret: "new-secret-1" });
    expect(answer.statusCode).toBe(200);
    const expiresAt = new Date(h.clock.now() + DAY_MS).toISOString();
    expect(answer.json()).toEqual({ secret: "new-secret-1", previous_expires_at: expiresAt });
    expect(await signingSecrets(id)).toEqual(["new-secret-1", "old-secret-1"]);
    expect((await call("GET", `/v1/endpoints/${id}/secret`)).json()).toEqual({
      secret: "new-secret-1",
      previous: [{ expires_at: expiresAt }],
    });

    h.clock.advance(DAY_MS - 1);
    expect(await signingSecrets(id)).toEqual(["new-secret-1", "old-secret-1"]);
    h.clock.advance(1);
    expect(await signingSecrets(id)).toEqual(["new-secret-1"]);
    expect((await call("GET", `/v1/endpoints/${id}/secret`)).json().previous).toEqual([]);
  });

  it("generates the new secret when none is given (an empty body), with the grace period asked for", async () => {
    const id = await createEndpoint({ secret: "old-secret-2" });
    const answer = await h.as(h.alice.auth).post(`/v1/endpoints/${id}/secret/rotate`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().secret).toMatch(/^vhsec_/);
    const short = await call("POST", `/v1/endpoints/${id}/secret/rotate`, { grace_period_seconds: 60 });
    expect(short.json().previous_expires_at).toBe(new Date(h.clock.now() + 60_000).toISOString());
    expect(await signingSecrets(id)).toHaveLength(3);
  });

  it("has no previous secret to keep for an endpoint that did not sign, nor with no grace", async () => {
    const unsigned = await createEndpoint({ secret: null });
    const first = await call("POST", `/v1/endpoints/${unsigned}/secret/rotate`, { secret: "first-secret" });
    expect(first.json()).toEqual({ secret: "first-secret", previous_expires_at: null });
    const abrupt = await call("POST", `/v1/endpoints/${unsigned}/secret/rotate`, {
      secret: "second-secret",
      grace_period_seconds: 0,
    });
    expect(abrupt.json()).toEqual({ secret: "second-secret", previous_expires_at: null });
    expect(await signingSecrets(unsigned)).toEqual(["second-secret"]);
  });

  it.each([
    [{ secret: "tiny" }, "secret", "must be at least 8 characters"],
    [{ grace_period_seconds: -1 }, "grace_period_seconds", "must be >= 0"],
    [{ grace_period_seconds: 1.5 }, "grace_period_seconds", "must be an integer"],
    [{ grace_period_seconds: 31 * 86_400 }, "grace_period_seconds", "must be <= 2592000"],
    [{ secret: "current-secret" }, "secret", "must differ from the current secret"],
    [{ grace: 10 }, "grace", "is not allowed"],
  ])("refuses %j naming %s, and changes nothing", async (payload, field, message) => {
    await expectRefusedKeepingSecret(
      "current-secret",
      "POST",
      (id) => `/v1/endpoints/${id}/secret/rotate`,
      payload,
      { field, message },
    );
  });

  it("refuses a sixth overlapping rotation (409) until a grace period ends", async () => {
    const id = await createEndpoint({ secret: "secret-number-0" });
    for (let i = 1; i <= 5; i++) {
      const ok = await call("POST", `/v1/endpoints/${id}/secret/rotate`, { secret: `secret-number-${i}` });
      expect(ok.statusCode).toBe(200);
      h.clock.advance(1000);
    }
    const refused = await call("POST", `/v1/endpoints/${id}/secret/rotate`, { secret: "secret-number-6" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("conflict");
    expect(await signingSecrets(id)).toHaveLength(6);
    h.clock.advance(DAY_MS);
    expect(
      (await call("POST", `/v1/endpoints/${id}/secret/rotate`, { secret: "secret-number-6" })).statusCode,
    ).toBe(200);
  });

  it("answers 404 for an unknown endpoint", async () => {
    const answer = await call("POST", "/v1/endpoints/ep_unknown/secret/rotate", {});
    expect(answer.statusCode).toBe(404);
    expect(answer.json().code).toBe("not_found");
  });
});
