import type { ObjectSchema, ValidationIssue } from "@voicehire/webhooks";
import { isPlainObject } from "@voicehire/webhooks";
import { invalid, type ValidationFailure } from "./outcomes.js";
import { checkQuery, cursorParameterSchema, limitParameterSchema, parseLimit } from "./query-params.js";

/**
 * Every listing pages the same way: newest first by id (ids sort by creation time), `limit` items, and
 * `cursor` = the last id of the previous page; `nextCursor` is null on the last page.
 */
export interface PageRequest {
  readonly kind: "valid";
  readonly limit: number;
  readonly cursor: string | null;
  /** The whole query, checked: the listing's own filters are read from it. */
  readonly query: Readonly<Record<string, unknown>>;
}

export interface Page<T> {
  readonly kind: "listed";
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** The query of a listing that only pages (`limit`, `cursor`). */
export const pageQuerySchema: ObjectSchema = {
  type: "object",
  properties: { limit: limitParameterSchema, cursor: cursorParameterSchema },
  additionalProperties: false,
};

/** Checks a listing's query against its schema and `check` (the rules the schema cannot express). */
export function readPageQuery(
  schema: ObjectSchema,
  rawQuery: unknown,
  check?: (query: Readonly<Record<string, unknown>>) => readonly ValidationIssue[],
): PageRequest | ValidationFailure {
  const query = isPlainObject(rawQuery) ? rawQuery : {};
  const issues = checkQuery(schema, query);
  const limit = parseLimit(query.limit, issues);
  issues.push(...(check?.(query) ?? []));
  if (issues.length > 0) return invalid(issues);
  return { kind: "valid", limit, cursor: typeof query.cursor === "string" ? query.cursor : null, query };
}

/** A page read from the store: one more than asked is read, and when it is there, there is a next page. */
export async function readPage<T extends { readonly id: string }>(
  request: PageRequest,
  read: (limit: number, after: { readonly beforeId?: string }) => Promise<readonly T[]>,
): Promise<Page<T>> {
  const rows = await read(request.limit + 1, request.cursor === null ? {} : { beforeId: request.cursor });
  return pageFrom(rows, request.limit);
}

/** A page of a listing small enough to read whole (API keys, accounts), read in any order. */
export async function pageOfWhole<T extends { readonly id: string }>(
  rawQuery: unknown,
  readAll: () => Promise<readonly T[]>,
): Promise<Page<T> | ValidationFailure> {
  const request = readPageQuery(pageQuerySchema, rawQuery);
  if (request.kind === "invalid") return request;
  const newestFirst = [...(await readAll())].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const cursor = request.cursor;
  const after = cursor === null ? newestFirst : newestFirst.filter((item) => item.id < cursor);
  return pageFrom(after, request.limit);
}

function pageFrom<T extends { readonly id: string }>(rows: readonly T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { kind: "listed", items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
