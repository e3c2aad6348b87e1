import type { FastifyInstance } from "fastify";
import { updateAccountSettings } from "../../services/accounts.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { accountView } from "../representations.js";
import { useCaseRoute } from "../use-case-route.js";

/** GET /v1/account, and PATCH /v1/account `{ credits_threshold }`. */
export function registerAccountRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/account", async (request, reply) => reply.send(accountView(accountOf(request))));

  app.patch(
    "/v1/account",
    useCaseRoute(
      (request) => updateAccountSettings(deps, accountOf(request).id, request.body),
      (reply, { account }) => reply.send(accountView(account)),
    ),
  );
}
