import { type ObjectSchema, type ValidationIssue, validateJson } from "@voicehire/webhooks";
import type { EpochMs } from "../domain/types.js";

/**
 * A URL's query, checked like a JSON body: every value is a string (a repeated parameter, an array,
 * is refused naming it), each issue names its parameter.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** `limit` as a query parameter: an integer string from 1 to 100. */
export const limitParameterSchema = {
  type: "string",
  pattern: "^[0-9]+$",
  description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
} as const;

/** `cursor`: the `next_cursor` of the previous page. */
export const cursorParameterSchema = {
  type: "string",
  minLength: 1,
  description: "The next_cursor of the previous page.",
} as const;

export function checkQuery(
  schema: ObjectSchema,
  query: Readonly<Record<string, unknown>>,
): ValidationIssue[] {
  return validateJson(schema, query).map((issue) =>
    Array.isArray(query[issue.path]) ? { path: issue.path, message: "must be given once" } : issue,
  );
}

/** The page size of `raw` (default 50), adding an issue when it is not an integer from 1 to 100. */
export function parseLimit(raw: unknown, issues: ValidationIssue[]): number {
  if (typeof raw !== "string") return DEFAULT_PAGE_SIZE;
  const limit = Number(raw);
  if (!/^[0-9]+$/.test(raw) || limit < 1 || limit > MAX_PAGE_SIZE) {
    const others = issues.filter((i) => i.path !== "limit");
    issues.length = 0;
    issues.push(...others, { path: "limit", message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` });
  }
  return limit;
}

/** An ISO 8601 date-time parameter (already format-checked by the schema) as epoch ms. */
export function parseTime(raw: unknown): EpochMs | undefined {
  if (typeof raw !== "string") return undefined;
  const time = Date.parse(raw.toUpperCase());
  return Number.isNaN(time) ? undefined : time;
}

/** `"true"` / `"false"` as a boolean (the schema limits the values). */
export function parseBoolean(raw: unknown): boolean | undefined {
  return raw === "true" ? true : raw === "false" ? false : undefined;
}
