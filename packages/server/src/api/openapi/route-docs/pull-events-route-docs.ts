import { MAX_PULL_LIMIT, pullEventsQuerySchema } from "../../../services/read-pull-events.js";
import { arrayOf, integer, nullable, object, ref, text, time } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/** Reading a pull endpoint's events (routes/pull-events-routes.ts). */
export const pullEventsRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/v1/endpoints/{id}/events",
    operationId: "pullEndpointEvents",
    tag: "Endpoints",
    summary: "Read a pull endpoint's events",
    description: `For an endpoint created with \`"kind": "pull"\`: its events, oldest first (publish order), each the exact envelope a push endpoint would have been sent. Keep \`next_cursor\` once you have processed the page and pass it as \`after\` to go on; processing one event at a time, keep instead the event's own cursor (\`cursors[i]\` for \`data[i]\`: it goes on right after that event), so that a reader stopped mid-page resumes after the last event it processed; an empty \`data\` means you are up to date (ask again later). At least once: coming back with an older cursor reads again what followed it, as long as the retention period keeps it. Cursors are opaque and stay valid. At most ${MAX_PULL_LIMIT} events per page.`,
    access: "account",
    pathParams: { id: "The pull endpoint's id (`ep_...`)." },
    query: pullEventsQuerySchema,
    responses: [
      {
        status: 200,
        description: "A page of events.",
        schema: object({
          data: arrayOf(ref("Envelope"), "The envelopes, byte for byte as a push delivery carries them."),
          cursors: arrayOf(
            text("Pass it as `after` to read what follows this event."),
            "Each event's own cursor, at the same index as the event in `data` (kept beside the envelope, never inside it).",
          ),
          next_cursor: text("Pass it as `after` to read what follows."),
        }),
      },
      {
        status: 409,
        description: "`conflict`: the endpoint is a push endpoint.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
  {
    method: "GET",
    path: "/v1/endpoints/{id}/backlog",
    operationId: "getPullEndpointBacklog",
    tag: "Endpoints",
    summary: "A pull endpoint's backlog and last read",
    description:
      "`pending`: the kept events after the furthest `after` cursor a reader came back with (read but not yet confirmed by a next read count as pending); `last_read_at`: when the endpoint was last read.",
    access: "account",
    pathParams: { id: "The pull endpoint's id (`ep_...`)." },
    responses: [
      {
        status: 200,
        description: "The backlog.",
        schema: object({
          pending: integer("Events kept and not yet confirmed."),
          last_read_at: nullable(time("When the endpoint was last read; null before its first read.")),
        }),
      },
      {
        status: 409,
        description: "`conflict`: the endpoint is a push endpoint.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
];
