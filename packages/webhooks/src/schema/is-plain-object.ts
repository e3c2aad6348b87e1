/** A JSON object (not an array, not null): what a request body or a nested field must be to be read. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
