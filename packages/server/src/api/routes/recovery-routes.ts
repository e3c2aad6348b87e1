import type { FastifyInstance } from "fastify";
import { getRecovery, startEndpointRecovery } from "../../services/recoveries/recover-endpoint.js";
import { createRecoveryRunner } from "../../services/recoveries/recovery-runner.js";
import type { ApiDeps } from "../api-deps.js";
import { recoveryView } from "../representations.js";
import { endpointRequest, type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

/**
 * POST /v1/endpoints/:id/recover `{ since, until? }` → 202 `{ recovery_id, total, requeued, status, ... }`:
 * re-queues the endpoint's failed deliveries whose events happened in the window (at most 30 days), in
 * batches; `status` is `done` at once for a small one, else `running` (poll the `Location`).
 * GET /v1/recoveries/:id → the same shape, its progress (reading a stalled one takes it up again).
 */
export function registerRecoveryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const runner = createRecoveryRunner({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    onRequeued: deps.onPublished,
  });
  app.addHook("onClose", async () => runner.close());

  app.post<IdRoute>(
    "/v1/endpoints/:id/recover",
    useCaseRoute(
      (request) => startEndpointRecovery(deps, endpointRequest(request)),
      async (reply, outcome) => {
        const recovery = await runner.run(outcome.recovery);
        return reply
          .code(202)
          .header("location", `/v1/recoveries/${recovery.id}`)
          .send(recoveryView(recovery));
      },
    ),
  );

  app.get<IdRoute>(
    "/v1/recoveries/:id",
    ownedResourceRoute(
      (accountId, id) => getRecovery(deps, accountId, id),
      (reply, { recovery }) => reply.send(recoveryView(runner.resumeIfStalled(recovery))),
    ),
  );
}
