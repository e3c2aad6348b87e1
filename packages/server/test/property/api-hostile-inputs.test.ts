import { eventCatalog } from "@voicehire/webhooks";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePostgres } from "../support/postgres.js";
import {
  contentTypes,
  encodeComponent,
  extraHeaders,
  hostileJson,
  hostileString,
  malformedText,
  methods,
  mutatedBody,
  prototypePollutionText,
  queryString,
} from "./support/hostile-inputs.js";
import { type RouteUnderTest, routesOf } from "./support/routes-of.js";
import { type SeededApi, type SeededEngine, startSeededApi } from "./support/seeded-api.js";
import { changedTables, type Snapshot, type Snapshotter } from "./support/store-snapshot.js";

/**
 * The public API under random and hostile input, every route, in-process on each real store (a SQLite
 * file, and a PostgreSQL schema, which refuses text SQLite keeps, e.g. U+0000):
 * - never a 5xx;
 * - every error is `application/problem+json` with a stable `code` and the response's status;
 * - a refused request changes nothing in the store (every table of the file, row by row);
 * - no stack trace leaks, and no request pollutes `Object.prototype`.
 * Runs are bounded in number and time (fast-check's `numRuns` and `interruptAfterTimeLimit`).
 */

const postgres = await requirePostgres("packages/server/test/property/api-hostile-inputs.test.ts");
const ENGINES: readonly SeededEngine[] = postgres.run ? ["sqlite", "postgres"] : ["sqlite"];

type Body = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "text"; text: string };

interface HostileRequest {
  readonly route: RouteUnderTest;
  readonly method: string;
  readonly params: readonly string[];
  readonly wildcard: string;
  readonly query: string;
  readonly authorization: string | null;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Body;
}

/** Valid bodies of the routes that take one, to mutate one field at a time (a route without one gets random JSON). */
function validBodies(seed: SeededApi): Record<string, Record<string, unknown>> {
  return {
    "POST /v1/events": {
      event: "candidate.added",
      data: structuredClone(eventCatalog["candidate.added"].sample),
      timestamp: "2024-01-15T10:30:00.000Z",
    },
    "POST /v1/endpoints": {
      url: `${seed.receiver.url}/hook`,
      event_types: ["campaign.created"],
      description: "created by the property test",
      secret: "property-secret-123",
      metadata: { team: "growth" },
    },
    "PATCH /v1/endpoints/:id": { description: "x", enabled: false, metadata: { team: "ops" } },
    "POST /v1/credits/balance": { credits_remaining: 5, last_campaign_id: "abc123def456" },
    "PATCH /v1/account": { credits_threshold: 5 },
    "POST /v1/api-keys": { name: "property key" },
    "POST /v1/accounts": { name: "Property Inc", credits_threshold: 3 },
    "POST /dashboard/session": { api_key: seed.keys.own },
    "POST /v1/endpoints/:id/test": { event_type: "campaign.created" },
    "PUT /v1/endpoints/:id/secret": { secret: "replaced-secret-123" },
    "POST /v1/endpoints/:id/secret/rotate": { grace_period_seconds: 60 },
    "POST /v1/endpoints/:id/recover": { since: "2024-01-14T10:30:00.000Z" },
    "POST /v1/deliveries/:id/resend": {},
  };
}

/** The id prefix of the resource a path names before its `:id` (`/v1/endpoints/:id` → `ep_`). */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  endpoints: "ep_",
  deliveries: "dlv_",
  events: "evt_",
  "api-keys": "key_",
  accounts: "acc_",
  recoveries: "rcv_",
};

/** Ids for a route's parameters: mostly the caller's own of the right kind (to get past the 404). */
function idsFor(seed: SeededApi, route: RouteUnderTest): fc.Arbitrary<string> {
  const resource = /\/([a-z-]+)\/:[A-Za-z_]+/.exec(route.path)?.[1] ?? "";
  const prefix = ID_PREFIXES[resource];
  const ownOfKind = seed.ids.own.filter((id) => prefix !== undefined && id.startsWith(prefix));
  return fc.oneof(
    {
      weight: ownOfKind.length > 0 ? 5 : 0,
      arbitrary: fc.constantFrom(...(ownOfKind.length > 0 ? ownOfKind : ["_"])),
    },
    { weight: 2, arbitrary: fc.constantFrom(...seed.ids.own) },
    { weight: 2, arbitrary: fc.constantFrom(...seed.ids.other) },
    { weight: 3, arbitrary: hostileString.map(encodeComponent) },
    { weight: 1, arbitrary: fc.constantFrom("..", ".", "%2e%2e", "%ZZ", "%00", "a%2Fb", "%F0%9F%92%A5") },
  );
}

function requests(seed: SeededApi, routes: readonly RouteUnderTest[]): fc.Arbitrary<HostileRequest> {
  const bodies = validBodies(seed);
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${seed.keys.own}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${seed.keys.other}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${seed.keys.admin}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${seed.keys.revoked}`) },
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: hostileString.map((text) => `Bearer ${text}`.replace(/[^\x20-\x7e]/g, "")),
    },
    { weight: 1, arbitrary: fc.constantFrom("Bearer", "Basic dXNlcjpwYXNz", "bearer  vh_", seed.keys.own) },
  );
  return fc.constantFrom(...routes).chain((route) => {
    const template = bodies[`${route.method} ${route.path}`];
    const json = template === undefined ? hostileJson : mutatedBody(template);
    const body: fc.Arbitrary<Body> = fc.oneof(
      { weight: 6, arbitrary: json.map((value): Body => ({ kind: "json", value })) },
      { weight: 1, arbitrary: fc.constant<Body>({ kind: "none" }) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(malformedText, prototypePollutionText)
          .map((text): Body => ({ kind: "text", text })),
      },
    );
    return fc.record({
      route: fc.constant(route),
      method: fc.oneof(
        { weight: 9, arbitrary: fc.constant(route.method) },
        { weight: 1, arbitrary: methods },
      ),
      params: fc.array(idsFor(seed, route), { minLength: 3, maxLength: 3 }),
      wildcard: fc.oneof(
        fc.constantFrom("", "index.html", "app.js", "../../package.json", "%2e%2e/secret"),
        hostileString.map(encodeComponent),
      ),
      query: queryString,
      authorization,
      contentType: contentTypes,
      headers: extraHeaders,
      body,
    });
  });
}

function urlOf(request: HostileRequest): string {
  let index = 0;
  const path = request.route.path
    .replace(/:[A-Za-z_]+/g, () => request.params[index++] ?? "x")
    .replace("*", request.wildcard);
  return request.query === "" ? path : `${path}?${request.query}`;
}

function injectOptions(request: HostileRequest): InjectOptions {
  const headers: Record<string, string> = { ...request.headers };
  if (request.authorization !== null) headers.authorization = request.authorization;
  let payload: string | undefined;
  if (request.body.kind !== "none") {
    payload = request.body.kind === "json" ? JSON.stringify(request.body.value) : request.body.text;
    headers["content-type"] = request.contentType;
  }
  return {
    method: request.method as NonNullable<InjectOptions["method"]>,
    url: urlOf(request),
    headers,
    ...(payload === undefined ? {} : { payload }),
  };
}

const truncate = (text: string, length = 400) =>
  text.length > length ? `${text.slice(0, length)}…(${text.length})` : text;

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

describe.each(ENGINES)("the public API under random and hostile input (property), on %s", (engine) => {
  let seed: SeededApi;
  let snapshotter: Snapshotter;
  let routes: RouteUnderTest[];
  let last: Snapshot;
  const statuses = new Map<number, number>();
  const cleanPrototype = prototypeKeys();

  beforeAll(async () => {
    seed = await startSeededApi(engine);
    snapshotter = await seed.openSnapshotter();
    routes = routesOf(seed.app);
    last = await snapshotter.snapshot();
  }, 30_000);
  afterAll(async () => {
    await snapshotter?.close();
    await seed?.close();
  });

  /** Sends one request and checks every rule; throws (with the request and answer) when one is broken. */
  async function sendAndCheck(request: HostileRequest): Promise<void> {
    const options = injectOptions(request);
    const response = await seed.app.inject(options);
    const status = response.statusCode;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const after = await snapshotter.snapshot();
    const before = last;
    last = after;
    const context = () =>
      `${options.method} ${truncate(String(options.url), 200)}\nheaders: ${truncate(JSON.stringify(options.headers))}\n` +
      `body: ${truncate(String(options.payload ?? "(none)"))}\n→ ${status} ${truncate(response.body)}\n` +
      `logged errors: ${truncate(seed.loggedErrors.slice(-2).join("\n"), 1_500)}`;

    if (status >= 500) throw new Error(`a 5xx answer:\n${context()}`);
    if (status >= 400 && request.method !== "HEAD") {
      if (!String(response.headers["content-type"]).startsWith("application/problem+json")) {
        throw new Error(`an error that is not problem+json:\n${context()}`);
      }
      const problem = response.json<{ code?: unknown; status?: unknown; title?: unknown }>();
      if (typeof problem.code !== "string" || !/^[a-z_]+$/.test(problem.code) || problem.status !== status) {
        throw new Error(`a problem document without a stable code or with the wrong status:\n${context()}`);
      }
      const changed = changedTables(before, after);
      if (changed.length > 0)
        throw new Error(`a refused request changed ${changed.join(", ")}:\n${context()}`);
    }
    if (/\n\s+at .+:\d+:\d+/.test(response.body)) throw new Error(`a stack trace leaked:\n${context()}`);
    if (prototypeKeys() !== cleanPrototype || ({} as Record<string, unknown>).polluted !== undefined) {
      throw new Error(`Object.prototype was polluted:\n${context()}`);
    }
  }

  it("finds every route of the app, the core ones included", () => {
    for (const route of [
      { method: "POST", path: "/v1/events" },
      { method: "POST", path: "/v1/endpoints" },
      { method: "PATCH", path: "/v1/endpoints/:id" },
      { method: "DELETE", path: "/v1/endpoints/:id" },
      { method: "GET", path: "/v1/deliveries/:id" },
      { method: "POST", path: "/v1/credits/balance" },
      { method: "GET", path: "/healthz" },
      { method: "GET", path: "/readyz" },
      { method: "GET", path: "/metrics" },
    ]) {
      expect(routes).toContainEqual(route);
    }
  });

  it("every route, any input: never a 5xx, errors are problem+json, refusals write nothing", async () => {
    await fc.assert(fc.asyncProperty(requests(seed, routes), sendAndCheck), {
      numRuns: 600,
      interruptAfterTimeLimit: 12_000,
      markInterruptAsFailure: false,
    });
  }, 60_000);

  it("the routes that take a body, one field made hostile at a time", async () => {
    const withBodies = routes.filter((route) => ["POST", "PUT", "PATCH"].includes(route.method));
    await fc.assert(
      fc.asyncProperty(
        requests(seed, withBodies).filter((request) => request.body.kind === "json"),
        sendAndCheck,
      ),
      { numRuns: 500, interruptAfterTimeLimit: 10_000, markInterruptAsFailure: false },
    );
    // The runs exercised both sides: accepted requests and refusals.
    const accepted = [...statuses].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0);
    const refused = [...statuses].filter(([status]) => status >= 400).reduce((n, [, count]) => n + count, 0);
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(100);
  }, 60_000);
});
