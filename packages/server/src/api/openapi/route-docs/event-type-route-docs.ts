import { arrayOf, object, ref } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/** The event catalog (routes/event-types-routes.ts). */
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
