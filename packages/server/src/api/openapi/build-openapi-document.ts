import { ACCOUNT_HEADER } from "../acting-account.js";
import { representationSchemas } from "./representation-schemas.js";
import type { DocSchema, ResponseDoc, RouteDoc, RouteTag } from "./route-doc.js";
import { webhookDocs } from "./webhook-docs.js";

/**
 * The OpenAPI 3.1 document of the service, built from the route docs: each route's request schemas
 * are the validating ones; the errors every route shares (401, 403, 404, 413, 415, 422, 429) are added
 * here from what the route takes, so no route can forget them. The catalog's events are the
 * document's `webhooks`.
 */
export type OpenApiDocument = { readonly openapi: "3.1.0" } & { readonly [key: string]: unknown };

const TAG_DESCRIPTIONS: { readonly [T in RouteTag]: string } = {
  Events: "Publish events (the VoiceHire platform) and read them back.",
  Credits: "Report the credit balance: `credits.low` and `credits.depleted` are derived from it.",
  Account: "The account's settings.",
  "API keys": "Create, list and revoke the account's API keys.",
  "Accounts (admin)": "Admin (platform) keys create accounts and act for any of them.",
  Endpoints: "The HTTPS endpoints that receive deliveries, their secrets and their health.",
  Deliveries: "The delivery log: every event sent to every endpoint, with its attempts.",
  Recoveries: "Re-send, in bulk, the failed deliveries of an endpoint.",
  Statistics: "Delivery volumes and success rates over time.",
  "Event types": "The catalog of event types, with their schemas and samples.",
  Dashboard: "The dashboard's page and its sign-in (a session cookie, another way into the `/v1` API).",
  Service: "Health and this documentation (no API key).",
};

const DESCRIPTION = [
  "VoiceHire Webhooks turns platform events into signed HTTP notifications to your endpoints.",
  "",
  "**Authentication**: every `/v1` route needs `Authorization: Bearer <API key>`. An admin (platform)",
  `key acts for the account named in the \`${ACCOUNT_HEADER}\` header.`,
  "",
  "**Errors** are `application/problem+json` documents with a stable `code`; `errors[].field` names",
  "each offending body field, query parameter or header.",
  "",
  "**Lists** answer `{ data, next_cursor }`, newest first: pass `next_cursor` as `cursor` for the next",
  "page (`limit` 1 to 100, default 50).",
  "",
  "**Rate limits** apply per API key: a refused request answers 429 with `Retry-After` (seconds).",
  "",
  "**Times** are ISO 8601 UTC with milliseconds; JSON fields are snake_case.",
].join("\n");

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function problemResponse(description: string, headers?: Record<string, unknown>) {
  return { description, content: problemContent, ...(headers === undefined ? {} : { headers }) };
}

const commonResponses = {
  Unauthorized: problemResponse(
    "`unauthorized`: the `Authorization` header is missing or its API key is not valid.",
  ),
  Forbidden: problemResponse(
    `\`forbidden\`: this key may not do that (an account key naming another account in \`${ACCOUNT_HEADER}\`, or a route for admin keys).`,
  ),
  NotFound: problemResponse(
    "`not_found`: no such resource in this account (another account's ids included).",
  ),
  BadRequest: problemResponse(
    `\`invalid_json\`, \`empty_body\` or \`invalid_request\`: the body is not a JSON object, or a header (e.g. \`${ACCOUNT_HEADER}\` for admin keys) is missing or malformed.`,
  ),
  PayloadTooLarge: problemResponse(
    "`payload_too_large`: the body is larger than the limit (1 MiB by default).",
  ),
  UnsupportedMediaType: problemResponse("`unsupported_media_type`: send `Content-Type: application/json`."),
  ValidationFailed: problemResponse("`validation_failed`: `errors` names every invalid field."),
  RateLimited: problemResponse("`rate_limited`: too many requests with this API key.", {
    "Retry-After": {
      description: "Seconds to wait before retrying.",
      schema: { type: "integer", minimum: 1 },
    },
  }),
  StoreUnavailable: problemResponse(
    "`store_unavailable` (the database cannot be reached) or `storage_full` (it is out of space): nothing was stored; retry after `Retry-After` seconds.",
    {
      "Retry-After": {
        description: "Seconds to wait before retrying.",
        schema: { type: "integer", minimum: 1 },
      },
    },
  ),
};

type CommonResponse = keyof typeof commonResponses;

function commonResponsesOf(route: RouteDoc): [string, CommonResponse][] {
  const list: [string, CommonResponse][] = [];
  const hasPathParams = route.path.includes("{");
  if (route.body !== undefined || route.access !== "public") list.push(["400", "BadRequest"]);
  if (route.access !== "public") list.push(["401", "Unauthorized"], ["403", "Forbidden"]);
  if (hasPathParams || route.access !== "public") list.push(["404", "NotFound"]);
  if (route.body !== undefined) list.push(["413", "PayloadTooLarge"], ["415", "UnsupportedMediaType"]);
  if (route.body !== undefined || route.query !== undefined) list.push(["422", "ValidationFailed"]);
  if (route.access !== "public") list.push(["429", "RateLimited"], ["503", "StoreUnavailable"]);
  return list;
}

function responseObject(response: ResponseDoc) {
  const headers =
    response.headers === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(response.headers).map(([name, description]) => [
            name,
            { description, schema: { type: "string" } },
          ]),
        );
  return {
    description: response.description,
    ...(headers === undefined ? {} : { headers }),
    ...(response.schema === undefined
      ? {}
      : { content: { [response.contentType ?? "application/json"]: { schema: response.schema } } }),
  };
}

const accountHeaderParameter = {
  name: ACCOUNT_HEADER,
  in: "header",
  required: false,
  description: `Admin keys only: the account (\`acc_...\`) the request acts for. Required with an admin key on the routes of one account; account keys act for their own account.`,
  schema: { type: "string", pattern: "^acc_" },
};

function parametersOf(route: RouteDoc): unknown[] {
  const parameters: unknown[] = [];
  for (const [name, description] of Object.entries(route.pathParams ?? {})) {
    parameters.push({ name, in: "path", required: true, description, schema: { type: "string" } });
  }
  const query = route.query;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    const required = query?.required?.includes(name) ?? false;
    parameters.push({ name, in: "query", required, ...describedBy(schema), schema });
  }
  for (const header of route.headers ?? []) {
    parameters.push({
      name: header.name,
      in: "header",
      required: header.required ?? false,
      description: header.description,
      schema: header.schema,
    });
  }
  if (route.access !== "public") parameters.push({ $ref: "#/components/parameters/AccountHeader" });
  return parameters;
}

function describedBy(schema: DocSchema): { description?: string } {
  const description = (schema as { description?: unknown }).description;
  return typeof description === "string" ? { description } : {};
}

function operationOf(route: RouteDoc) {
  const responses: Record<string, unknown> = {};
  for (const response of route.responses) responses[String(response.status)] = responseObject(response);
  for (const [status, name] of commonResponsesOf(route)) {
    responses[status] ??= { $ref: `#/components/responses/${name}` };
  }
  const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  const parameters = parametersOf(route);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    security: route.access === "public" ? [] : [{ apiKey: [] }],
    ...(route.access === "admin" ? { "x-voicehire-access": "admin" } : {}),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: route.bodyOptional !== true,
            content: { "application/json": { schema: route.body } },
          },
        }),
    responses: sorted,
  };
}

function checkUnique(routes: readonly RouteDoc[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    for (const key of [`${route.method} ${route.path}`, `operationId ${route.operationId}`]) {
      if (seen.has(key)) throw new Error(`the OpenAPI route docs list ${key} twice`);
      seen.add(key);
    }
  }
}

export function buildOpenApiDocument(routes: readonly RouteDoc[], version: string): OpenApiDocument {
  checkUnique(routes);
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path));
  for (const route of sorted) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route) };
  }
  const usedTags = new Set(routes.map((r) => r.tag));
  return {
    openapi: "3.1.0",
    info: { title: "VoiceHire Webhooks API", version, description: DESCRIPTION },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [
      ...(Object.keys(TAG_DESCRIPTIONS) as RouteTag[])
        .filter((tag) => usedTags.has(tag))
        .map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
      {
        name: "Webhooks",
        description: "What your endpoints receive: one `POST` per event (see `webhooks`).",
      },
    ],
    paths,
    webhooks: webhookDocs(),
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key (`vhk_...`): `Authorization: Bearer vhk_...`.",
        },
      },
      parameters: { AccountHeader: accountHeaderParameter },
      responses: commonResponses,
      schemas: representationSchemas,
    },
  };
}
