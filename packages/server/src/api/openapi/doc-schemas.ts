import type { DocSchema } from "./route-doc.js";

/**
 * Small builders for the response schemas of the OpenAPI document (JSON Schema 2020-12), so that the
 * representation schemas read like the representations themselves.
 */
type Properties = { readonly [name: string]: DocSchema };

export function text(description: string, extra: Record<string, unknown> = {}): DocSchema {
  return { type: "string", description, ...extra };
}

export function integer(description: string, extra: Record<string, unknown> = {}): DocSchema {
  return { type: "integer", description, ...extra };
}

export function number(description: string): DocSchema {
  return { type: "number", description };
}

export function boolean(description: string): DocSchema {
  return { type: "boolean", description };
}

/** An ISO 8601 UTC time with milliseconds: `2024-01-15T10:30:00.000Z`. */
export function time(description: string): DocSchema {
  return { type: "string", format: "date-time", description };
}

/** An id with its type prefix: `ep_01J...`. */
export function id(prefix: string, description: string): DocSchema {
  return { type: "string", pattern: `^${prefix}_`, description };
}

export function oneOf(values: readonly string[], description: string): DocSchema {
  return { type: "string", enum: values, description };
}

/** The schema, or null. */
export function nullable(schema: DocSchema): DocSchema {
  return { anyOf: [schema, { type: "null" }] };
}

export function arrayOf(items: DocSchema, description?: string): DocSchema {
  return description === undefined ? { type: "array", items } : { type: "array", items, description };
}

/** An object whose properties are all present (a representation), except those named `optional`. */
export function object(
  properties: Properties,
  description?: string,
  optional: readonly string[] = [],
): DocSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return {
    type: "object",
    ...(description === undefined ? {} : { description }),
    properties,
    required,
  };
}

/** A free-form object (e.g. an envelope's `data` in a listing). */
export function anyObject(description: string): DocSchema {
  return { type: "object", description };
}

/** A string → string map (e.g. headers, metadata). */
export function stringMap(description: string): DocSchema {
  return { type: "object", description, additionalProperties: { type: "string" } };
}

/** A page of a listing: `{ data, next_cursor }`, newest first. */
export function page(item: DocSchema, description: string): DocSchema {
  return object(
    {
      data: arrayOf(item, description),
      next_cursor: nullable(text("Pass it as `cursor` to read the next page; null on the last page.")),
    },
    undefined,
  );
}

/** A reference to a shared component schema (`#/components/schemas/<name>`). */
export function ref(name: string): DocSchema {
  return { $ref: `#/components/schemas/${name}` };
}
