import { object, oneOf, text } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/**
 * The unauthenticated routes outside `/v1`: probes, metrics and this documentation
 * (routes/health-routes.ts, metrics-routes.ts, openapi-routes.ts).
 */
export const serviceRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/healthz",
    operationId: "getHealth",
    tag: "Service",
    summary: "Liveness: the process answers",
    access: "public",
    responses: [
      {
        status: 200,
        description: "The process is up.",
        schema: object({ status: oneOf(["ok"], "Always `ok`.") }),
      },
    ],
  },
  {
    method: "GET",
    path: "/readyz",
    operationId: "getReadiness",
    tag: "Service",
    summary: "Readiness: the store is reachable, migrated, and the workers run",
    access: "public",
    responses: [
      {
        status: 200,
        description: "Ready to serve.",
        schema: object({
          status: oneOf(["ready"], "Always `ready`."),
          checks: {
            type: "object",
            description: "Each check by name, with its `status` (and `reason` when failing).",
          },
        }),
      },
      {
        status: 503,
        description: "`not_ready`: a problem document whose `checks` say which check fails and why.",
        contentType: "application/problem+json",
        schema: { $ref: "#/components/schemas/Problem" },
      },
    ],
  },
  {
    method: "GET",
    path: "/metrics",
    operationId: "getMetrics",
    tag: "Service",
    summary: "Prometheus metrics",
    description:
      "The Prometheus text format. No API key: serve it on a private network, or set `VOICEHIRE_METRICS_TOKEN` to require `Authorization: Bearer <token>`.",
    access: "public",
    responses: [
      {
        status: 200,
        description: "The metrics.",
        contentType: "text/plain",
        schema: text("Prometheus text exposition format 0.0.4."),
      },
      {
        status: 401,
        description: "`unauthorized`: a metrics token is set and the request does not carry it.",
        contentType: "application/problem+json",
        schema: { $ref: "#/components/schemas/Problem" },
      },
    ],
  },
  {
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Service",
    summary: "This API's OpenAPI 3.1 document",
    description:
      "Generated from the schemas that validate the requests; the catalog's events are its `webhooks`.",
    access: "public",
    responses: [
      {
        status: 200,
        description: "The OpenAPI document.",
        schema: { type: "object", required: ["openapi"] },
      },
    ],
  },
  {
    method: "GET",
    path: "/docs",
    operationId: "getReference",
    tag: "Service",
    summary: "This API's reference, as a web page",
    description:
      "Rendered from `/openapi.json`: one self-contained HTML page (no script, nothing loaded from elsewhere).",
    access: "public",
    responses: [
      { status: 200, description: "The reference page.", contentType: "text/html", schema: text("HTML.") },
    ],
  },
];
