import { EVENT_TYPES, eventCatalog } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import { arrayOf, object, ref } from "../openapi/doc-schemas.js";
import type { RouteDoc } from "../openapi/route-doc.js";

/**
 * GET /v1/event-types: the catalog, in the source document's order, each type with its group, its
 * description in French (the source document's sentence) and English, the JSON Schema of its `data`
 * and a sample `data`. Any API key may read it; it is the same for every account.
 */
const catalogAnswer = Object.freeze({
  data: EVENT_TYPES.map((type) => {
    const entry = eventCatalog[type];
    return {
      type,
      group: entry.group,
      description: entry.description,
      schema: entry.schema,
      sample: entry.sample,
    };
  }),
});

export function registerEventTypeRoutes(app: FastifyInstance): void {
  app.get("/v1/event-types", { config: { access: "key" } }, async (_request, reply) =>
    reply.send(catalogAnswer),
  );
}

export const eventTypeRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/v1/event-types",
    operationId: "listEventTypes",
    tag: "Event types",
    summary: "List the event types",
    description:
      "The 10 event types an endpoint can select, with their `data` schema and a sample. `candidate.interview.completed.extended` and `credits.*` are derived by the service.",
    access: "key",
    responses: [
      {
        status: 200,
        description: "The catalog.",
        schema: object({ data: arrayOf(ref("EventType"), "Every event type.") }),
      },
    ],
  },
];
