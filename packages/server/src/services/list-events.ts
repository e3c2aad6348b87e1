import { EVENT_TYPES, type ObjectSchema } from "@voicehire/webhooks";
import type { EventRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { invalid, type ValidationFailure } from "./outcomes.js";
import {
  checkQuery,
  cursorParameterSchema,
  limitParameterSchema,
  pageOf,
  parseLimit,
} from "./query-params.js";

/** The query of `GET /v1/events`. */
export const listEventsQuerySchema: ObjectSchema = {
  type: "object",
  properties: {
    event_type: { type: "string", enum: EVENT_TYPES },
    limit: limitParameterSchema,
    cursor: cursorParameterSchema,
  },
  additionalProperties: false,
};

/** A page of the account's stored events (derived and test ones included), newest first. */
export async function listEvents(
  deps: { readonly store: Store },
  accountId: string,
  query: Readonly<Record<string, unknown>>,
): Promise<
  | { readonly kind: "listed"; readonly events: EventRecord[]; readonly nextCursor: string | null }
  | ValidationFailure
> {
  const issues = checkQuery(listEventsQuerySchema, query);
  const limit = parseLimit(query.limit, issues);
  if (issues.length > 0) return invalid(issues);
  const rows = await deps.store.listEvents(accountId, {
    limit: limit + 1,
    ...(typeof query.cursor === "string" ? { beforeId: query.cursor } : {}),
    ...(typeof query.event_type === "string" ? { type: query.event_type } : {}),
  });
  const page = pageOf(rows, limit);
  return { kind: "listed", events: page.items, nextCursor: page.nextCursor };
}
