import { MAX_BATCH_EVENTS } from "@voicehire/webhooks";
import { batchRequestSchema } from "../../../services/publish-event-batch.js";
import { arrayOf, integer, object, ref } from "../doc-schemas.js";
import type { DocSchema, RouteDoc } from "../route-doc.js";
import { duplicate, published } from "./event-route-docs.js";

/** Batch publishing (routes/events-batch-routes.ts). */

/** A single publish's answer (an object schema) with the `status` it would have had on its own. */
function withStatus(schema: DocSchema, status: number, description: string): DocSchema {
  const answer = schema as { properties: Record<string, DocSchema>; required: readonly string[] };
  return {
    ...schema,
    properties: { status: integer(description, { const: status }), ...answer.properties },
    required: ["status", ...answer.required],
  };
}

const itemResult: DocSchema = {
  anyOf: [
    withStatus(published, 202, "202: this item is a new event, stored with its deliveries."),
    withStatus(duplicate, 200, "200: its `idempotency_key` was used before; nothing new was stored."),
    // A refused item: `status` 422, `errors` naming its fields as `events[i].field`.
    ref("Problem"),
  ],
};

export const eventBatchRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/events/batch",
    operationId: "publishEventBatch",
    tag: "Events",
    summary: "Publish several events",
    description: `\`{ events: [{ event, data, timestamp?, idempotency_key? }, ...] }\`, 1 to ${MAX_BATCH_EVENTS} items, each validated like \`POST /v1/events\` and answered in order in \`results\`. Results are per item: an invalid item is refused alone (a problem naming \`events[i].field\`) and the valid ones are stored, all in one transaction, before the answer. \`idempotency_key\` works like the \`Idempotency-Key\` header of the single route (same keys): a repeated key answers the first event and stores nothing.`,
    access: "account",
    body: batchRequestSchema,
    responses: [
      {
        status: 200,
        description: "One result per item, in the order sent; every accepted item is durable.",
        schema: object({ results: arrayOf(itemResult, "The items' results, in the order sent.") }),
      },
    ],
  },
];
