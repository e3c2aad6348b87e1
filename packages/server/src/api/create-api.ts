import Fastify, { type FastifyInstance } from "fastify";
import { randomHex } from "../domain/random-bytes-pool.js";
import { type ApiDeps, DEFAULT_BODY_LIMIT_BYTES } from "./api-deps.js";
import { addBearerAuthentication } from "./authentication.js";
import { addProblemErrorHandler } from "./error-handler.js";
import { answerFrameworkError } from "./framework-errors.js";
import { useJsonBodyParser } from "./json-body-parser.js";
import { addRateLimiting, DEFAULT_RATE_LIMITS } from "./rate-limit-hook.js";
import { registerDashboard } from "./register-dashboard.js";
import { registerAccountRoutes } from "./routes/account-routes.js";
import { registerAccountAdminRoutes } from "./routes/accounts-admin-routes.js";
import { registerApiKeyRoutes } from "./routes/api-keys-routes.js";
import { registerCreditRoutes } from "./routes/credits-routes.js";
import { registerDeliveryRoutes } from "./routes/deliveries-routes.js";
import { registerEndpointSecretRoutes } from "./routes/endpoint-secret-routes.js";
import { registerEndpointSigningKeyRoutes } from "./routes/endpoint-signing-key-routes.js";
import { registerEndpointTestRoutes } from "./routes/endpoint-test-routes.js";
import { registerEndpointRoutes } from "./routes/endpoints-routes.js";
import { registerEventTypeRoutes } from "./routes/event-types-routes.js";
import { registerEventBatchRoutes } from "./routes/events-batch-routes.js";
import { registerEventRoutes } from "./routes/events-routes.js";
import { registerHealthRoutes } from "./routes/health-routes.js";
import { registerMetricsRoutes } from "./routes/metrics-routes.js";
import { registerOpenApiRoutes } from "./routes/openapi-routes.js";
import { registerPullEventsRoutes } from "./routes/pull-events-routes.js";
import { registerRecoveryRoutes } from "./routes/recovery-routes.js";
import { registerStatsRoutes } from "./routes/stats-routes.js";
import { refuseUnstorableText } from "./unstorable-text-hook.js";

/**
 * The public HTTP API (fastify 5), thin over the use cases of src/services/. Every `/v1/*` route needs a
 * bearer API key; every error is `application/problem+json` (see problem.ts). Each response carries its
 * `x-request-id`. The caller owns the instance: `listen()` it, `inject()` it in tests, `close()` it.
 */
export function createApi(deps: ApiDeps): FastifyInstance {
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: false,
    genReqId: () => `req_${randomHex(8)}`,
    frameworkErrors: answerFrameworkError, // router errors as problem+json too
  });

  // Both per-request hooks call back instead of returning a promise: one fewer promise per hook per request.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  // One `info` line per request: never the headers (Authorization) nor the body (secrets).
  app.addHook("onResponse", (request, reply, done) => {
    try {
      deps.logger.info(
        {
          request_id: request.id,
          method: request.method,
          route: request.routeOptions.url ?? null,
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime),
        },
        "request",
      );
    } finally {
      done();
    }
  });
  useJsonBodyParser(app, bodyLimitBytes);
  refuseUnstorableText(app);
  addProblemErrorHandler(app, deps.logger, bodyLimitBytes);
  addBearerAuthentication(app, deps);
  addRateLimiting(app, {
    rateLimits: deps.rateLimits ?? DEFAULT_RATE_LIMITS,
    ...(deps.rateLimitClock ? { now: deps.rateLimitClock } : {}),
  });

  registerOpenApiRoutes(app); // first: it also collects the routes registered after it
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerEventBatchRoutes(app, deps);
  registerCreditRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerEndpointRoutes(app, deps);
  registerDeliveryRoutes(app, deps);
  registerEndpointSecretRoutes(app, deps);
  registerEndpointSigningKeyRoutes(app, deps);
  registerEndpointTestRoutes(app, deps);
  registerPullEventsRoutes(app, deps);
  registerStatsRoutes(app, deps);
  registerRecoveryRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerAccountAdminRoutes(app, deps);
  registerEventTypeRoutes(app);
  registerDashboard(app, deps);
  return app;
}
