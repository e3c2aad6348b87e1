import { EVENT_TYPES, type ObjectSchema } from "@voicehire/webhooks";
import type { EventRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import type { ValidationFailure } from "./outcomes.js";
import { type Page, readPage, readPageQuery } from "./page-query.js";
import { cursorParameterSchema, limitParameterSchema } from "./query-params.js";

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
  rawQuery: unknown,
): Promise<Page<EventRecord> | ValidationFailure> {
  const request = readPageQuery(listEventsQuerySchema, rawQuery);
  if (request.kind === "invalid") return request;
  const { event_type } = request.query;
  return readPage(request, (limit, after) =>
    deps.store.listEvents(accountId, {
      limit,
      ...after,
      ...(typeof event_type === "string" ? { type: event_type } : {}),
    }),
  );
}
