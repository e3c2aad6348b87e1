import { createApiKeyRequestSchema } from "../../../services/api-keys.js";
import { pageQuerySchema } from "../../../services/page-query.js";
import { object, page, ref, text } from "../doc-schemas.js";
import { apiKeyProperties } from "../representation-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/** The account's API keys (routes/api-keys-routes.ts). */
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
