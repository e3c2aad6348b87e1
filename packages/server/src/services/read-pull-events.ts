import type { ObjectSchema, ValidationIssue } from "@voicehire/webhooks";
import { isPlainObject } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { decodePullCursor, encodePullCursor } from "../domain/pull-cursor.js";
import type { PullEntry, Store } from "../store/port.js";
import {
  type Conflict,
  conflict,
  invalid,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "./outcomes.js";
import { checkQuery } from "./query-params.js";

export const DEFAULT_PULL_LIMIT = 100;
export const MAX_PULL_LIMIT = 500;

/** The query of `GET /v1/endpoints/{id}/events`. */
export const pullEventsQuerySchema: ObjectSchema = {
  type: "object",
  properties: {
    after: {
      type: "string",
      minLength: 1,
      description:
        "A cursor this endpoint answered and you kept (the next_cursor of a page, or an event's own cursor from cursors); left out, the oldest kept events.",
    },
    limit: {
      type: "string",
      pattern: "^[0-9]+$",
      description: `At most this many events, 1 to ${MAX_PULL_LIMIT} (default ${DEFAULT_PULL_LIMIT}).`,
    },
  },
  additionalProperties: false,
};

export interface PulledEvents {
  readonly kind: "pulled";
  readonly entries: readonly PullEntry[];
  /**
   * Each entry's own cursor, aligned by index: the cursor that goes on right after it, so a reader that
   * stops (or crashes) mid-page resumes after the last entry it processed instead of the whole page.
   */
  readonly cursors: readonly string[];
  /** Where the next read goes on from: the last entry's cursor, or the one given when there was none. */
  readonly nextCursor: string;
}

/**
 * Reads a pull endpoint's events after a cursor, oldest first, each the exact envelope bytes a push
 * endpoint would have been sent. At least once: a reader that comes back with an older cursor reads
 * again what followed it (as long as retention keeps it).
 */
export async function readPullEvents(
  deps: { readonly store: Store; readonly clock: Clock },
  input: { readonly accountId: string; readonly endpointId: string; readonly query: unknown },
): Promise<PulledEvents | ValidationFailure | NotFound | Conflict> {
  const query = isPlainObject(input.query) ? input.query : {};
  const issues: ValidationIssue[] = checkQuery(pullEventsQuerySchema, query);
  const after = typeof query.after === "string" ? decodePullCursor(query.after) : 0;
  if (after === undefined && !issues.some((issue) => issue.path === "after")) {
    issues.push({ path: "after", message: "must be a next_cursor this endpoint answered" });
  }
  const limit = typeof query.limit === "string" ? Number(query.limit) : DEFAULT_PULL_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PULL_LIMIT)) {
    if (!issues.some((issue) => issue.path === "limit")) {
      issues.push({ path: "limit", message: `must be an integer from 1 to ${MAX_PULL_LIMIT}` });
    }
  }
  if (issues.length > 0 || after === undefined) return invalid(issues);
  const page = await deps.store.readPullEvents({
    accountId: input.accountId,
    endpointId: input.endpointId,
    afterPosition: after,
    limit,
    now: deps.clock.now(),
  });
  if (page === undefined) return pushOrMissing(deps.store, input.accountId, input.endpointId);
  const cursors = page.entries.map((entry) => encodePullCursor(entry.position));
  return {
    kind: "pulled",
    entries: page.entries,
    cursors,
    nextCursor: cursors.at(-1) ?? encodePullCursor(after),
  };
}

async function pushOrMissing(
  store: Store,
  accountId: string,
  endpointId: string,
): Promise<NotFound | Conflict> {
  const endpoint = await store.getEndpoint(accountId, endpointId);
  if (endpoint === undefined) return notFound("endpoint", endpointId);
  return conflict(
    'this endpoint is a push endpoint: its events are POSTed to its URL (create one with "kind": "pull")',
  );
}
