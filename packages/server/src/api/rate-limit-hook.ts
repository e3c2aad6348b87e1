import { performance } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { callerOf } from "./authentication.js";
import { problem, sendProblem } from "./problem.js";
import { createTokenBuckets, type RateLimitSettings, type TokenBuckets } from "./rate-limit.js";

/**
 * Rate limiting of authenticated `/v1` requests, per API key, in two classes with their own buckets:
 * - `publishing` (`POST /v1/events`, `/v1/events/batch`, `/v1/credits/balance`): the platform's ingestion path, which
 *   must keep up with real traffic; its default is a guard rail against a runaway loop.
 * - `management`: every other `/v1` route (what a customer's script or the dashboard calls).
 * A refused request answers 429 `rate_limited` with `Retry-After` (whole seconds, at least 1) and does
 * nothing. `null` turns a class off.
 */
export interface RateLimits {
  readonly management: RateLimitSettings | null;
  readonly publishing: RateLimitSettings | null;
}

/** Generous enough that tests, the dashboard and the bench never meet it; set it lower in production. */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  management: Object.freeze({ requestsPerSecond: 100, burst: 2000 }),
  publishing: Object.freeze({ requestsPerSecond: 5000, burst: 10_000 }),
});

export const PUBLISHING_ROUTES: ReadonlySet<string> = new Set([
  "POST /v1/events",
  "POST /v1/events/batch",
  "POST /v1/credits/balance",
]);

export interface RateLimitDeps {
  readonly rateLimits: RateLimits;
  /** Monotonic milliseconds; `performance.now()` unless a test moves time by hand. */
  readonly now?: () => number;
}

export function addRateLimiting(app: FastifyInstance, deps: RateLimitDeps): void {
  const now = deps.now ?? (() => performance.now());
  const bucketsOf = (settings: RateLimitSettings | null): TokenBuckets | null =>
    settings === null ? null : createTokenBuckets(settings);
  const management = bucketsOf(deps.rateLimits.management);
  const publishing = bucketsOf(deps.rateLimits.publishing);
  if (management === null && publishing === null) return;

  // Added after authentication: it runs once the key is known, and never for a refused request.
  app.addHook("onRequest", async (request, reply) => {
    const caller = callerOf(request);
    if (caller === undefined) return;
    const route = `${request.method} ${request.routeOptions.url ?? ""}`;
    const buckets = PUBLISHING_ROUTES.has(route) ? publishing : management;
    if (buckets === null) return;
    const outcome = buckets.take(caller.key.id, now());
    if (outcome.allowed) return;
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    return sendProblem(
      reply.header("retry-after", String(seconds)),
      problem(429, "rate_limited", `too many requests with this API key: retry after ${seconds} s`),
    );
  });
}
