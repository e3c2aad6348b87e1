import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { observabilityOf } from "../../observability/api-observability.js";
import { readMetrics } from "../../observability/read-metrics.js";
import { PROMETHEUS_CONTENT_TYPE, type ServiceMetrics } from "../../observability/service-metrics.js";
import type { ApiDeps } from "../api-deps.js";
import { fieldProblem, sendProblem } from "../problem.js";

/** The `route` label of a request that matched no route (a 404): one series, whatever the URL. */
export const UNMATCHED_ROUTE = "unmatched";

const BEARER = /^Bearer +(\S+) *$/i;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares digests in constant time, so the answer's timing says nothing about the token. */
function carriesToken(header: string | undefined, token: string): boolean {
  const given = header === undefined ? undefined : BEARER.exec(header)?.[1];
  return given !== undefined && timingSafeEqual(sha256(given), sha256(token));
}

/** Counts every API request (the matched route's pattern, never the raw URL) once answered. */
function countRequests(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook("onResponse", (request, reply, done) => {
    try {
      metrics.recordApiRequest({
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: reply.statusCode,
      });
    } finally {
      done();
    }
  });
}

/**
 * GET /metrics: the Prometheus text format (see src/observability/service-metrics.ts for the series).
 * It is not under /v1 and takes no API key: do not expose it publicly. Serve it on a private network,
 * or set `VOICEHIRE_METRICS_TOKEN` so that it needs `Authorization: Bearer <token>`.
 */
export function registerMetricsRoutes(
  app: FastifyInstance,
  deps: Pick<ApiDeps, "store" | "clock" | "logger" | "observability">,
): void {
  const observability = observabilityOf(deps);
  countRequests(app, observability.metrics);

  app.get("/metrics", async (request, reply) => {
    const token = observability.metricsToken;
    if (token !== null && !carriesToken(request.headers.authorization, token)) {
      return sendProblem(
        reply.header("www-authenticate", 'Bearer realm="voicehire-webhooks metrics"'),
        fieldProblem(401, "unauthorized", "Authorization", "header must be Bearer <VOICEHIRE_METRICS_TOKEN>"),
      );
    }
    const readings = await readMetrics({
      store: deps.store,
      clock: deps.clock,
      openCircuits: observability.openCircuits,
      logger: deps.logger,
    });
    return reply
      .header("cache-control", "no-store")
      .type(PROMETHEUS_CONTENT_TYPE)
      .send(await observability.metrics.render(readings));
  });
}
