import { type ObjectSchema, validateJson } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import { createAccount, MAX_ACCOUNT_NAME_LENGTH } from "../../services/accounts.js";
import { invalid, invalidField } from "../../services/outcomes.js";
import type { ApiDeps } from "../api-deps.js";
import { page, ref } from "../openapi/doc-schemas.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { pageOf, pageQuerySchema, parsePageQuery } from "../page-query.js";
import { emptyBodyProblem, sendProblem, validationProblem } from "../problem.js";
import { accountView } from "../representations.js";

/**
 * Admin (platform) keys only: POST /v1/accounts `{ name, credits_threshold? }` → 201 the account;
 * GET /v1/accounts → every account, newest first. To act for an account afterwards (create its first API
 * key, publish for it), an admin key names it in the `VoiceHire-Account` header.
 */
export const createAccountRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: MAX_ACCOUNT_NAME_LENGTH,
      description: "The customer's name.",
    },
    credits_threshold: {
      type: "number",
      minimum: 0,
      description: "`credits.low` fires when the balance goes below this (default 10).",
    },
  },
  required: ["name"],
  additionalProperties: false,
};

function parseCreateRequest(body: unknown) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidField("body", "must be a JSON object with name");
  }
  const issues = validateJson(createAccountRequestSchema, body);
  const { name, credits_threshold } = body as { name?: unknown; credits_threshold?: unknown };
  if (typeof name === "string" && name !== "" && name.trim() === "") {
    issues.push({ path: "name", message: "must not be blank" });
  }
  if (issues.length > 0) return invalid(issues);
  return {
    kind: "valid",
    name: name as string,
    creditsThreshold: typeof credits_threshold === "number" ? credits_threshold : undefined,
  } as const;
}

export function registerAccountAdminRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const adminOnly = { config: { access: "admin" as const } };

  app.post("/v1/accounts", adminOnly, async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const parsed = parseCreateRequest(request.body);
    if (parsed.kind === "invalid") return sendProblem(reply, validationProblem(parsed));
    const outcome = await createAccount(deps, {
      name: parsed.name,
      ...(parsed.creditsThreshold === undefined ? {} : { creditsThreshold: parsed.creditsThreshold }),
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    return reply.code(201).send(accountView(outcome.account));
  });

  app.get("/v1/accounts", adminOnly, async (request, reply) => {
    const query = parsePageQuery(request.query);
    if (query.kind === "invalid") return sendProblem(reply, validationProblem(query));
    const { data, nextCursor } = pageOf(await deps.store.listAccounts(), query);
    return reply.send({ data: data.map(accountView), next_cursor: nextCursor });
  });
}

export const accountAdminRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/accounts",
    operationId: "createAccount",
    tag: "Accounts (admin)",
    summary: "Create an account (admin keys)",
    description:
      "Then create its first API key with `POST /v1/api-keys` and the header `VoiceHire-Account: <the new id>`.",
    access: "admin",
    body: createAccountRequestSchema,
    responses: [{ status: 201, description: "The account was created.", schema: ref("Account") }],
  },
  {
    method: "GET",
    path: "/v1/accounts",
    operationId: "listAccounts",
    tag: "Accounts (admin)",
    summary: "List every account (admin keys)",
    access: "admin",
    query: pageQuerySchema,
    responses: [
      {
        status: 200,
        description: "A page of accounts, newest first.",
        schema: page(ref("Account"), "The accounts."),
      },
    ],
  },
];
