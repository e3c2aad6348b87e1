import type { FastifyInstance } from "fastify";
import { observabilityOf } from "../../observability/api-observability.js";
import { checkReadiness } from "../../observability/readiness.js";
import type { ApiDeps } from "../api-deps.js";
import { problem, sendProblem } from "../problem.js";

/**
 * Unauthenticated probes for orchestrators and load balancers:
 * - GET /healthz: liveness, the process answers: `{ status: "ok" }`;
 * - GET /readyz: readiness, `{ status: "ready", checks }` when the store is reachable, its migrations
 *   are applied, it has room for what it accepts and (in a process that runs them) the delivery workers
 *   are running; otherwise 503, a
 *   problem document (`not_ready`) whose `checks` say which one fails and why.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/healthz", async (_request, reply) =>
    reply.header("cache-control", "no-store").send({ status: "ok" }),
  );

  app.get("/readyz", async (_request, reply) => {
    const report = await checkReadiness(observabilityOf(deps).readinessChecks);
    reply.header("cache-control", "no-store");
    if (report.ready) return reply.send({ status: "ready", checks: report.checks });
    const failing = Object.entries(report.checks)
      .filter(([, check]) => check.status === "failing")
      .map(([name, check]) => `${name}: ${check.reason ?? "failing"}`);
    const notReady = {
      ...problem(503, "not_ready", `the service is not ready (${failing.join("; ")})`),
      checks: report.checks,
    };
    return sendProblem(reply, notReady);
  });
}
