/**
 * Schemas of the served OpenAPI document made strict for response checks: a field the document does not
 * list fails, so the document cannot fall behind the representations.
 */
export const BASE = "https://voicehire-webhooks.test/openapi";

/** Deep copy where every object schema listing properties refuses unlisted ones; refs point into BASE. */
export function strict(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strict);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] =
      key === "$ref" && typeof child === "string"
        ? child.replace("#/components/schemas/", `${BASE}#/$defs/`)
        : key === "properties"
          ? Object.fromEntries(Object.entries(child as object).map(([k, v]) => [k, strict(v)]))
          : strict(child);
  }
  if (copy.type === "object" && copy.properties !== undefined && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}
