import type { FastifyInstance } from "fastify";
import { createAccountFromRequest, listAccounts } from "../../services/accounts.js";
import type { ApiDeps } from "../api-deps.js";
import { accountView } from "../representations.js";
import { pageAnswer, useCaseRoute } from "../use-case-route.js";

/**
 * Admin (platform) keys only: POST /v1/accounts `{ name, credits_threshold? }` → 201 the account;
 * GET /v1/accounts → every account, newest first. To act for an account afterwards (create its first API
 * key, publish for it), an admin key names it in the `VoiceHire-Account` header.
 */
export function registerAccountAdminRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const adminOnly = { config: { access: "admin" as const } };

  app.post(
    "/v1/accounts",
    adminOnly,
    useCaseRoute(
      (request) => createAccountFromRequest(deps, request.body),
      (reply, { account }) => reply.code(201).send(accountView(account)),
    ),
  );

  app.get(
    "/v1/accounts",
    adminOnly,
    useCaseRoute((request) => listAccounts(deps, request.query), pageAnswer(accountView)),
  );
}
