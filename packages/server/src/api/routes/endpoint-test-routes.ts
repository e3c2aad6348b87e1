import type { FastifyInstance } from "fastify";
import { defaultDeliverySettings } from "../../delivery/settings.js";
import { testEndpoint } from "../../services/endpoints/test-endpoint.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, notFoundProblem, problem, sendProblem, validationProblem } from "../problem.js";
import { testOutcomeView } from "../representations.js";

/**
 * POST /v1/endpoints/:id/test `{ event_type }`: the "Tester". Sends the documentation's sample of that
 * event type now, marked as a test, and answers 200 with the outcome (`succeeded` false is an answer,
 * not an error): `{ delivery_id, event_id, succeeded, status_code, duration_ms, response_excerpt,
 * error_kind, error_message }`. The test is in the delivery log (`test: true`) and never retried.
 */
export function registerEndpointTestRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<{ Params: { id: string } }>("/v1/endpoints/:id/test", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const sender = deps.testSender;
    if (sender === undefined) {
      return sendProblem(
        reply,
        problem(503, "service_unavailable", "this process was started without a sender for test deliveries"),
      );
    }
    const outcome = await testEndpoint(
      {
        store: deps.store,
        clock: deps.clock,
        secretBox: deps.secretBox,
        sender,
        userAgent: deps.userAgent ?? defaultDeliverySettings.userAgent,
      },
      { accountId: accountOf(request).id, endpointId: request.params.id, body: request.body },
    );
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(testOutcomeView(outcome));
  });
}
