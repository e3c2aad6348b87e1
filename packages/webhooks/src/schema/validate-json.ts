import { isPlainObject } from "./is-plain-object.js";
import type { ArraySchema, JsonSchema, NumberSchema, ObjectSchema, StringSchema } from "./json-schema.js";
import { checkStringFormat } from "./string-formats.js";

/** One reason a value does not match its schema. `path` is like `data.responses[0].score`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

function validateObject(schema: ObjectSchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isPlainObject(value)) {
    issues.push({ path, message: "must be an object" });
    return;
  }
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) issues.push({ path: propertyPath(path, key), message: "is required" });
  }
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(schema.properties, key)) {
      validateInto(schema.properties[key] as JsonSchema, value[key], propertyPath(path, key), issues);
    } else if (schema.additionalProperties === false) {
      issues.push({ path: propertyPath(path, key), message: "is not allowed" });
    }
  }
}

function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function validateString(schema: StringSchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof value !== "string") {
    issues.push({ path, message: "must be a string" });
    return;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    issues.push({ path, message: `must be one of ${schema.enum.join(", ")}` });
    return;
  }
  const length = codePointLength(value);
  if (schema.minLength !== undefined && length < schema.minLength) {
    const message =
      schema.minLength === 1 ? "must not be empty" : `must be at least ${schema.minLength} characters`;
    issues.push({ path, message });
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    issues.push({ path, message: `must be at most ${schema.maxLength} characters` });
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
    issues.push({ path, message: `must match ${schema.pattern}` });
  }
  const formatMessage = schema.format === undefined ? null : checkStringFormat(schema.format, value);
  if (formatMessage !== null) issues.push({ path, message: formatMessage });
}

function validateNumber(schema: NumberSchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    issues.push({ path, message: schema.type === "integer" ? "must be an integer" : "must be a number" });
    return;
  }
  if (schema.type === "integer" && !Number.isInteger(value)) {
    issues.push({ path, message: "must be an integer" });
    return;
  }
  if (schema.minimum !== undefined && value < schema.minimum) {
    issues.push({ path, message: `must be >= ${schema.minimum}` });
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    issues.push({ path, message: `must be <= ${schema.maximum}` });
  }
}

function validateArray(schema: ArraySchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (!Array.isArray(value)) {
    issues.push({ path, message: "must be an array" });
    return;
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    issues.push({ path, message: `must have at least ${schema.minItems} items` });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    issues.push({ path, message: `must have at most ${schema.maxItems} items` });
  }
  value.forEach((item, index) => {
    validateInto(schema.items, item, `${path}[${index}]`, issues);
  });
}

function validateInto(schema: JsonSchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  switch (schema.type) {
    case "object":
      validateObject(schema, value, path, issues);
      break;
    case "string":
      validateString(schema, value, path, issues);
      break;
    case "number":
    case "integer":
      validateNumber(schema, value, path, issues);
      break;
    case "boolean":
      if (typeof value !== "boolean") issues.push({ path, message: "must be a boolean" });
      break;
    case "array":
      validateArray(schema, value, path, issues);
      break;
  }
}

/**
 * Checks `value` against `schema` and returns every issue found (an empty array when it matches).
 * Paths are relative to `path` (default: the root, written ""), e.g. `data.responses[0].score`.
 */
export function validateJson(schema: JsonSchema, value: unknown, path = ""): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  validateInto(schema, value, path, issues);
  return issues;
}
