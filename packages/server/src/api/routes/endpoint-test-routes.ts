import type { FastifyInstance, FastifyReply } from "fastify";
import { defaultDeliverySettings } from "../../delivery/settings.js";
import { type TestOutcome, testEndpoint } from "../../services/endpoints/test-endpoint.js";
import type { ApiDeps } from "../api-deps.js";
import { problem, sendProblem } from "../problem.js";
import { testOutcomeView } from "../representations.js";
import { endpointRequest, type IdRoute, useCaseRoute } from "../use-case-route.js";

/**
 * POST /v1/endpoints/:id/test `{ event_type }`: the "Tester". Sends the documentation's sample of that
 * event type now, marked as a test, and answers 200 with the outcome (`succeeded` false is an answer,
 * not an error): `{ delivery_id, event_id, succeeded, status_code, duration_ms, response_excerpt,
 * error_kind, error_message }`. The test is in the delivery log (`test: true`) and never retried. While
 * the store is short of room it answers 503 `storage_full` like publishes, before sending anything.
 */
export function registerEndpointTestRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<IdRoute>(
    "/v1/endpoints/:id/test",
    useCaseRoute(async (request) => {
      const sender = deps.testSender;
      if (sender === undefined) return { kind: "no_sender" } as const;
      const testDeps = {
        store: deps.store,
        clock: deps.clock,
        secretBox: deps.secretBox,
        sender,
        userAgent: deps.userAgent ?? defaultDeliverySettings.userAgent,
        ...(deps.storageRoom === undefined ? {} : { storageRoom: deps.storageRoom }),
      };
      return testEndpoint(testDeps, endpointRequest(request));
    }, answerTest),
  );
}

function answerTest(reply: FastifyReply, outcome: TestOutcome | { readonly kind: "no_sender" }) {
  if (outcome.kind === "no_sender") {
    return sendProblem(
      reply,
      problem(503, "service_unavailable", "this process was started without a sender for test deliveries"),
    );
  }
  return reply.send(testOutcomeView(outcome));
}
