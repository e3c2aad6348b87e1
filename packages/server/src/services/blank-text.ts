import type { ValidationIssue } from "@voicehire/webhooks";

/** A name of spaces only is refused (the schema's `minLength` lets it through; the empty one it reports). */
export function blankTextIssues(
  body: Readonly<Record<string, unknown>>,
  field: string,
): readonly ValidationIssue[] {
  const value = body[field];
  return typeof value === "string" && value !== "" && value.trim() === ""
    ? [{ path: field, message: "must not be blank" }]
    : [];
}
