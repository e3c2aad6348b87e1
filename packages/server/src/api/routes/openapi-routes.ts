import type { FastifyInstance } from "fastify";
import { SERVER_VERSION } from "../../version.js";
import { allRouteDocs } from "../openapi/all-route-docs.js";
import { buildOpenApiDocument } from "../openapi/build-openapi-document.js";
import { collectRegisteredRoutes } from "../openapi/registered-routes.js";
import { renderReferenceHtml } from "../openapi/render-reference-html.js";

/**
 * GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (the same, as a readable page). Both are
 * public and built once. Registered before every other route: it also starts collecting the registered
 * routes, which a test compares with the document.
 */
const REFERENCE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function registerOpenApiRoutes(app: FastifyInstance): void {
  collectRegisteredRoutes(app);
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  let html: string | undefined;
  const documentNow = () => (document ??= buildOpenApiDocument(allRouteDocs, SERVER_VERSION));

  app.get("/openapi.json", async (_request, reply) =>
    reply.header("cache-control", "no-cache").send(documentNow()),
  );

  app.get("/docs", async (_request, reply) => {
    html ??= renderReferenceHtml(documentNow());
    return reply
      .header("content-security-policy", REFERENCE_CSP)
      .header("cache-control", "no-cache")
      .type("text/html; charset=utf-8")
      .send(html);
  });
}
