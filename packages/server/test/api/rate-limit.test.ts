import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api.js";
import { createTokenBuckets } from "../../src/api/rate-limit.js";
import type { RateLimits } from "../../src/api/rate-limit-hook.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import { createAccount } from "../../src/services/accounts.js";
import { createApiKey } from "../../src/services/api-keys.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { requestsWith } from "./support/header-requests.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

describe("token buckets", () => {
  it("let a burst through, then refuse with the time until the next token", () => {
    const buckets = createTokenBuckets({ requestsPerSecond: 2, burst: 3 });
    const outcomes = [0, 0, 0, 0].map(() => buckets.take("k", 1000));
    expect(outcomes.map((o) => o.allowed)).toEqual([true, true, true, false]);
    expect(outcomes[3]).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(buckets.take("k", 1250)).toEqual({ allowed: false, retryAfterMs: 250 });
    expect(buckets.take("k", 1500)).toEqual({ allowed: true, remaining: 0 });
  });

  it("refill at the sustained rate and never above the burst", () => {
    const buckets = createTokenBuckets({ requestsPerSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i++) buckets.take("k", 0);
    expect(buckets.take("k", 0).allowed).toBe(false);
    expect(buckets.take("k", 300)).toEqual({ allowed: true, remaining: 2 });
    // A long idle time fills the bucket to the burst only.
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (buckets.take("k", 3_600_000).allowed) allowed++;
    expect(allowed).toBe(5);
  });

  it("keep keys apart", () => {
    const buckets = createTokenBuckets({ requestsPerSecond: 1, burst: 1 });
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.take("a", 0).allowed).toBe(false);
    expect(buckets.take("b", 0).allowed).toBe(true);
  });

  it("refill nothing when the clock goes backwards", () => {
    const buckets = createTokenBuckets({ requestsPerSecond: 1, burst: 1 });
    expect(buckets.take("k", 10_000).allowed).toBe(true);
    expect(buckets.take("k", 5_000).allowed).toBe(false);
    expect(buckets.take("k", 10_500).allowed).toBe(false);
    expect(buckets.take("k", 11_000).allowed).toBe(true);
  });

  it("forget full buckets, so memory stays bounded by the keys in use", () => {
    const buckets = createTokenBuckets({ requestsPerSecond: 1000, burst: 10 });
    for (let i = 0; i < 25_000; i++) buckets.take(`key-${i}`, i);
    expect(buckets.size()).toBeLessThanOrEqual(10_001);
  });

  it.each([
    [{ requestsPerSecond: 0, burst: 1 }, "requestsPerSecond"],
    [{ requestsPerSecond: Number.NaN, burst: 1 }, "requestsPerSecond"],
    [{ requestsPerSecond: 1, burst: 0 }, "burst"],
    [{ requestsPerSecond: 1, burst: 1.5 }, "burst"],
  ])("refuse settings %o, naming %s", (settings, name) => {
    expect(() => createTokenBuckets(settings)).toThrow(new RegExp(`voicehire-webhooks: .*${name}`));
  });
});

interface RateLimitedApi {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly keys: { readonly first: string; readonly second: string };
  advance(ms: number): void;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startRateLimitedApi(rateLimits?: RateLimits): Promise<RateLimitedApi> {
  const dir = mkdtempSync(join(tmpdir(), "vh-rate-"));
  const store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
  await store.migrate();
  const clock = { now: () => Date.UTC(2024, 0, 15) };
  let monotonic = 1_000;
  const noop = () => {};
  const app = createApi({
    store,
    clock,
    secretBox: createSecretBox(generateMasterKey()),
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    onPublished: noop,
    developmentMode: false,
    ...(rateLimits === undefined ? {} : { rateLimits }),
    rateLimitClock: () => monotonic,
  });
  await app.ready();
  const account = await createAccount({ store, clock }, { name: "Acme" });
  if (account.kind !== "created") throw new Error("no account");
  const key = async (name: string) => {
    const created = await createApiKey(
      { store, clock },
      { accountId: account.account.id, kind: "account", name },
    );
    if (created.kind !== "created") throw new Error("no key");
    return created.key;
  };
  const api: RateLimitedApi = {
    app,
    store,
    keys: { first: await key("first"), second: await key("second") },
    advance: (ms) => {
      monotonic += ms;
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cleanups.push(() => api.close());
  return api;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const LOW: RateLimits = {
  management: { requestsPerSecond: 1, burst: 3 },
  publishing: { requestsPerSecond: 1, burst: 2 },
};

describe("rate limiting per API key", () => {
  it("answers 429 problem+json with Retry-After once a key's burst is spent, until its bucket refills", async () => {
    const api = await startRateLimitedApi(LOW);
    const get = (key: string) =>
      api.app.inject({ method: "GET", url: "/v1/endpoints", headers: bearer(key) });
    for (let i = 0; i < 3; i++) expect((await get(api.keys.first)).statusCode).toBe(200);
    const refused = await get(api.keys.first);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.json()).toMatchObject({ status: 429, code: "rate_limited" });
    expect(refused.json().detail).toContain("retry after 1 s");

    // Another key of the same account has its own bucket.
    expect((await get(api.keys.second)).statusCode).toBe(200);

    api.advance(999);
    expect((await get(api.keys.first)).statusCode).toBe(429);
    api.advance(1);
    expect((await get(api.keys.first)).statusCode).toBe(200);
    expect((await get(api.keys.first)).statusCode).toBe(429);
  });

  it("a refused publish stores and delivers nothing", async () => {
    const api = await startRateLimitedApi(LOW);
    const endpoint = await requestsWith(api.app, bearer(api.keys.first)).post("/v1/endpoints", {
      url: "https://hooks.example.com/in",
      event_types: ["campaign.created"],
    });
    expect(endpoint.statusCode).toBe(201);
    const publish = () =>
      requestsWith(api.app, bearer(api.keys.first)).post("/v1/events", {
        event: "campaign.created",
        data: sampleData("campaign.created"),
      });
    for (let i = 0; i < 2; i++) expect((await publish()).statusCode).toBe(202);
    const before = await api.store.countDeliveriesByStatus();
    expect(before.pending).toBe(2);
    const refused = await publish();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(await api.store.countDeliveriesByStatus()).toEqual(before);
  });

  it("keeps publishing and management in separate buckets", async () => {
    const api = await startRateLimitedApi(LOW);
    for (let i = 0; i < 3; i++) {
      await api.app.inject({ method: "GET", url: "/v1/account", headers: bearer(api.keys.first) });
    }
    expect(
      (await api.app.inject({ method: "GET", url: "/v1/account", headers: bearer(api.keys.first) }))
        .statusCode,
    ).toBe(429);
    const publish = await requestsWith(api.app, bearer(api.keys.first)).post("/v1/credits/balance", {
      credits_remaining: 100,
    });
    expect(publish.statusCode).toBe(200);
  });

  it("never counts refused credentials nor unauthenticated routes", async () => {
    const api = await startRateLimitedApi(LOW);
    for (let i = 0; i < 10; i++) {
      expect(
        (await api.app.inject({ method: "GET", url: "/v1/account", headers: bearer("vhk_nope") })).statusCode,
      ).toBe(401);
      expect((await api.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    }
    expect(
      (await api.app.inject({ method: "GET", url: "/v1/account", headers: bearer(api.keys.first) }))
        .statusCode,
    ).toBe(200);
  });

  it("null turns a class off", async () => {
    const api = await startRateLimitedApi({
      management: null,
      publishing: { requestsPerSecond: 1, burst: 1 },
    });
    for (let i = 0; i < 50; i++) {
      expect(
        (await api.app.inject({ method: "GET", url: "/v1/account", headers: bearer(api.keys.first) }))
          .statusCode,
      ).toBe(200);
    }
  });

  it("by default, a busy script is not throttled", async () => {
    const api = await startRateLimitedApi();
    for (let i = 0; i < 300; i++) {
      const answer = await requestsWith(api.app, bearer(api.keys.first)).get("/v1/account");
      expect(answer.statusCode).toBe(200);
    }
  });

  it("answers 429 with Retry-After over a real socket", async () => {
    const api = await startRateLimitedApi({
      management: { requestsPerSecond: 0.5, burst: 1 },
      publishing: null,
    });
    const base = (await api.app.listen({ host: "127.0.0.1", port: 0 })).replace("[::1]", "127.0.0.1");
    expect((await fetch(`${base}/v1/account`, { headers: bearer(api.keys.first) })).status).toBe(200);
    const refused = await fetch(`${base}/v1/account`, { headers: bearer(api.keys.first) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(refused.headers.get("content-type")).toContain(PROBLEM_JSON);
    expect(((await refused.json()) as { code: string }).code).toBe("rate_limited");
  });
});
