import { type ObjectSchema, validateJson } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import type { ApiKeyRecord } from "../../domain/types.js";
import { createApiKey, MAX_API_KEY_NAME_LENGTH, revokeApiKey } from "../../services/api-keys.js";
import { invalid, invalidField } from "../../services/outcomes.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf, apiKeyOf } from "../authentication.js";
import { object, page, ref, text } from "../openapi/doc-schemas.js";
import { apiKeyProperties } from "../openapi/representation-schemas.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { pageOf, pageQuerySchema, parsePageQuery } from "../page-query.js";
import {
  emptyBodyProblem,
  fieldProblem,
  notFoundProblem,
  sendProblem,
  validationProblem,
} from "../problem.js";

/**
 * The account's API keys: GET /v1/api-keys (newest first, revoked ones included with `revoked_at`),
 * POST /v1/api-keys `{ name, kind? }` → 201 with the key, shown this once (only its hash is stored),
 * DELETE /v1/api-keys/:id → 204 (a revoked key answers 401 from then on).
 * Only an admin key may create an admin key.
 */
export const createApiKeyRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: MAX_API_KEY_NAME_LENGTH,
      description: "A label to recognize the key in listings (e.g. `CRM production`).",
    },
    kind: {
      type: "string",
      enum: ["account", "admin"],
      description: "`account` (default). `admin` keys act for any account: only an admin key may create one.",
    },
  },
  required: ["name"],
  additionalProperties: false,
};

export function apiKeyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    kind: key.kind,
    created_at: new Date(key.createdAt).toISOString(),
    revoked_at: key.revokedAt === null ? null : new Date(key.revokedAt).toISOString(),
  };
}

function parseCreateRequest(body: unknown) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidField("body", "must be a JSON object with name");
  }
  const issues = validateJson(createApiKeyRequestSchema, body);
  const { name, kind } = body as { name?: unknown; kind?: unknown };
  if (typeof name === "string" && name.trim() === "" && name !== "") {
    issues.push({ path: "name", message: "must not be blank" });
  }
  if (issues.length > 0) return invalid(issues);
  return { kind: "valid", name: name as string, keyKind: kind === "admin" ? "admin" : "account" } as const;
}

export function registerApiKeyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/api-keys", async (request, reply) => {
    const query = parsePageQuery(request.query);
    if (query.kind === "invalid") return sendProblem(reply, validationProblem(query));
    const keys = await deps.store.listApiKeys(accountOf(request).id);
    const { data, nextCursor } = pageOf(keys, query);
    return reply.send({ data: data.map(apiKeyView), next_cursor: nextCursor });
  });

  app.post("/v1/api-keys", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const parsed = parseCreateRequest(request.body);
    if (parsed.kind === "invalid") return sendProblem(reply, validationProblem(parsed));
    if (parsed.keyKind === "admin" && apiKeyOf(request).kind !== "admin") {
      return sendProblem(
        reply,
        fieldProblem(403, "forbidden", "kind", "admin is only for admin keys to create"),
      );
    }
    const account = accountOf(request);
    const outcome = await createApiKey(deps, {
      accountId: account.id,
      kind: parsed.keyKind,
      name: parsed.name,
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply
      .code(201)
      .header("cache-control", "no-store")
      .send({ ...apiKeyView(outcome.record), key: outcome.key });
  });

  app.delete<{ Params: { id: string } }>("/v1/api-keys/:id", async (request, reply) => {
    const outcome = await revokeApiKey(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.code(204).send();
  });
}

const createdKey = object(
  {
    ...apiKeyProperties,
    key: text(
      "The API key (`vhk_...`): shown in this answer only, store it now. Send it as `Authorization: Bearer <key>`.",
    ),
  },
  "The new key, with the key itself.",
);

export const apiKeyRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/v1/api-keys",
    operationId: "listApiKeys",
    tag: "API keys",
    summary: "List the account's API keys",
    description: "Newest first, revoked keys included (with `revoked_at`). Keys themselves are never listed.",
    access: "account",
    query: pageQuerySchema,
    responses: [{ status: 200, description: "A page of keys.", schema: page(ref("ApiKey"), "The keys.") }],
  },
  {
    method: "POST",
    path: "/v1/api-keys",
    operationId: "createApiKey",
    tag: "API keys",
    summary: "Create an API key",
    description: "The answer carries the key, shown this once: only its hash is stored.",
    access: "account",
    body: createApiKeyRequestSchema,
    responses: [{ status: 201, description: "The key was created.", schema: createdKey }],
  },
  {
    method: "DELETE",
    path: "/v1/api-keys/{id}",
    operationId: "revokeApiKey",
    tag: "API keys",
    summary: "Revoke an API key",
    description: "From now on the key answers 401. Revoking a revoked key changes nothing.",
    access: "account",
    pathParams: { id: "The key's id (`key_...`)." },
    responses: [{ status: 204, description: "The key is revoked." }],
  },
];
