import type { FastifyInstance, FastifyReply } from "fastify";
import { readPullBacklog } from "../../services/read-pull-backlog.js";
import { type PulledEvents, readPullEvents } from "../../services/read-pull-events.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { isoOrNull } from "../representations.js";
import { type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

/**
 * GET /v1/endpoints/:id/events?after=&limit= on a pull endpoint: `{ data: [<envelope>…], cursors: [<cursor>…],
 * next_cursor }`. Each item is embedded as the stored bytes themselves, never parsed and serialized again,
 * so a receiver sees exactly what a push endpoint would have been sent; that is why each item's own cursor
 * sits beside it in `cursors` (same index) rather than inside the envelope.
 * GET /v1/endpoints/:id/backlog: `{ pending, last_read_at }` (the dashboard's backlog and last read).
 */
export function registerPullEventsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<IdRoute>(
    "/v1/endpoints/:id/events",
    useCaseRoute(
      (request) =>
        readPullEvents(deps, {
          accountId: accountOf(request).id,
          endpointId: request.params.id,
          query: request.query,
        }),
      answerPulled,
    ),
  );
  app.get<IdRoute>(
    "/v1/endpoints/:id/backlog",
    ownedResourceRoute(
      (accountId, id) => readPullBacklog(deps.store, accountId, id),
      (reply, { backlog }) =>
        reply.send({ pending: backlog.pending, last_read_at: isoOrNull(backlog.lastReadAt) }),
    ),
  );
}

function answerPulled(reply: FastifyReply, { entries, cursors, nextCursor }: PulledEvents): FastifyReply {
  const parts: Buffer[] = [Buffer.from('{"data":[')];
  entries.forEach((entry, index) => {
    if (index > 0) parts.push(Buffer.from(","));
    parts.push(Buffer.from(entry.body.buffer, entry.body.byteOffset, entry.body.byteLength));
  });
  parts.push(
    Buffer.from(`],"cursors":${JSON.stringify(cursors)},"next_cursor":${JSON.stringify(nextCursor)}}`),
  );
  return reply.type("application/json; charset=utf-8").send(Buffer.concat(parts));
}
