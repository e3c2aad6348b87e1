import { isPlainObject, type ObjectSchema, type ValidationIssue, validateJson } from "@voicehire/webhooks";
import { type EmptyBody, emptyBody, invalid, invalidField, type ValidationFailure } from "./outcomes.js";

/**
 * How every use case reads a request body (the routes pass it on untouched): no body is `empty_body`,
 * anything but a JSON object is refused naming `body`, then the schema and the checks it cannot
 * express run together, so that every problem is reported at once, each naming its field.
 */
export interface BodyRules {
  /** What the body must be, in the issue naming `body` (default "a JSON object"). */
  readonly expected?: string;
  /** Fields that may also be null (the schema subset has no `nullable`): the schema checks them otherwise. */
  readonly nullable?: readonly string[];
  /** The rules the schema cannot express, run on the object whatever the schema found. */
  readonly check?: (body: Readonly<Record<string, unknown>>) => readonly ValidationIssue[];
}

export type BodyReading =
  | { readonly kind: "read"; readonly body: Readonly<Record<string, unknown>> }
  | ValidationFailure
  | EmptyBody;

export function readBody(body: unknown, schema: ObjectSchema, rules: BodyRules = {}): BodyReading {
  if (body === undefined) return emptyBody;
  if (!isPlainObject(body)) return invalidField("body", `must be ${rules.expected ?? "a JSON object"}`);
  const nullable = rules.nullable ?? [];
  const checked = Object.fromEntries(
    Object.entries(body).filter(([field, value]) => !(value === null && nullable.includes(field))),
  );
  const issues = [...validateJson(schema, checked), ...(rules.check?.(body) ?? [])];
  return issues.length > 0 ? invalid(issues) : { kind: "read", body };
}
