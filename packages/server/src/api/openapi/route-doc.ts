import type { JsonSchema, ObjectSchema } from "@voicehire/webhooks";
import type { RouteAccess } from "../acting-account.js";

/**
 * What the OpenAPI document says about one route. Request schemas are the very `ObjectSchema` values the
 * use cases validate with (imported, never copied), so the document cannot drift from the validation.
 * Response schemas describe the representations (representations.ts); they may use any JSON Schema
 * 2020-12 keyword (`DocSchema`).
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A JSON Schema as OpenAPI 3.1 takes it: the validation subset, or any richer 2020-12 schema. */
export type DocSchema = JsonSchema | { readonly [keyword: string]: unknown };

export type RouteTag =
  | "Events"
  | "Credits"
  | "Account"
  | "API keys"
  | "Accounts (admin)"
  | "Endpoints"
  | "Deliveries"
  | "Recoveries"
  | "Statistics"
  | "Event types"
  | "Dashboard"
  | "Service";

export interface ResponseDoc {
  readonly status: number;
  readonly description: string;
  /** The JSON body; none for 204. */
  readonly schema?: DocSchema;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** Response headers worth knowing (e.g. `Location`), name → description. */
  readonly headers?: { readonly [name: string]: string };
}

export interface HeaderDoc {
  readonly name: string;
  readonly description: string;
  readonly schema: DocSchema;
  readonly required?: boolean;
}

export interface RouteDoc {
  readonly method: HttpMethod;
  /** OpenAPI spelling: `/v1/endpoints/{id}` (fastify's is `/v1/endpoints/:id`). */
  readonly path: string;
  /** Fastify's spelling when it is not `path`'s (a wildcard: `/dashboard/*` for `/dashboard/{file}`). */
  readonly fastifyUrl?: string;
  /** Unique, camelCase: `createApiKey`. */
  readonly operationId: string;
  readonly tag: RouteTag;
  readonly summary: string;
  readonly description?: string;
  /** `public`: no key (outside `/v1`); otherwise the route's `config.access` (see `RouteAccess`). */
  readonly access: "public" | RouteAccess;
  /** Each `{name}` of the path, with its description. */
  readonly pathParams?: { readonly [name: string]: string };
  /** The schema the query string is validated with (every property is one query parameter). */
  readonly query?: ObjectSchema;
  readonly headers?: readonly HeaderDoc[];
  /** The schema the JSON body is validated with (a route without one describes its body, see dashboard docs). */
  readonly body?: ObjectSchema;
  /** The body may be omitted (e.g. a rotation with every default). */
  readonly bodyOptional?: boolean;
  /** Success answers and the errors specific to the route; the common ones are added by the builder. */
  readonly responses: readonly ResponseDoc[];
}

/** `/v1/endpoints/{id}` → `/v1/endpoints/:id` */
export function fastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ":$1");
}

/** The fastify route a doc describes: `GET /v1/endpoints/:id`. */
export function fastifyRouteOf(doc: Pick<RouteDoc, "method" | "path" | "fastifyUrl">): string {
  return `${doc.method} ${doc.fastifyUrl ?? fastifyPath(doc.path)}`;
}

/** `/v1/endpoints/:id` → `/v1/endpoints/{id}` */
export function openApiPath(fastifyRoutePath: string): string {
  return fastifyRoutePath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}
