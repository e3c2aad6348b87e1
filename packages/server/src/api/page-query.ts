import type { ObjectSchema } from "@voicehire/webhooks";
import { invalid, type ValidationFailure } from "../services/outcomes.js";
import {
  checkQuery,
  cursorParameterSchema,
  limitParameterSchema,
  parseLimit,
} from "../services/query-params.js";

/**
 * `limit` and `cursor` of a listing small enough to read whole (API keys, accounts), paged in memory:
 * newest first by id (ids sort by creation time), `cursor` = the last id of the previous page.
 */
export const pageQuerySchema: ObjectSchema = {
  type: "object",
  properties: { limit: limitParameterSchema, cursor: cursorParameterSchema },
  additionalProperties: false,
};

export interface PageQuery {
  readonly kind: "valid";
  readonly limit: number;
  readonly cursor: string | null;
}

export function parsePageQuery(query: unknown): PageQuery | ValidationFailure {
  const record = typeof query === "object" && query !== null ? (query as Record<string, unknown>) : {};
  const issues = checkQuery(pageQuerySchema, record);
  const limit = parseLimit(record.limit, issues);
  if (issues.length > 0) return invalid(issues);
  return { kind: "valid", limit, cursor: typeof record.cursor === "string" ? record.cursor : null };
}

/** One page of `items` (any order), newest first, strictly older than the cursor. */
export function pageOf<T extends { readonly id: string }>(
  items: readonly T[],
  query: PageQuery,
): { readonly data: T[]; readonly nextCursor: string | null } {
  const newestFirst = [...items].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const cursor = query.cursor;
  const after = cursor === null ? newestFirst : newestFirst.filter((item) => item.id < cursor);
  const data = after.slice(0, query.limit);
  const nextCursor = after.length > query.limit ? (data.at(-1)?.id ?? null) : null;
  return { data, nextCursor };
}
