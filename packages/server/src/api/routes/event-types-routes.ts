import { EVENT_TYPES, eventCatalog } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";

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
