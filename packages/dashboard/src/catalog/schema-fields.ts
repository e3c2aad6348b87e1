import type { JsonSchema } from "@voicehire/webhooks";

/**
 * The fields of an event's `data` as rows for the catalog page, read from its JSON Schema: nested
 * objects and arrays of objects are flattened into dotted paths (`responses[].score`), parents first,
 * so the page lists exactly what a receiver will find in the payload.
 */
export interface SchemaField {
  readonly path: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  /** 0 for a top-level field of `data`, 1 for a field of one of its objects, … */
  readonly depth: number;
}

export function schemaFields(schema: JsonSchema, prefix = "", depth = 0): SchemaField[] {
  if (schema.type !== "object") return [];
  const fields: SchemaField[] = [];
  for (const [name, child] of Object.entries(schema.properties)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    fields.push({ path, schema: child, required: schema.required?.includes(name) ?? false, depth });
    if (child.type === "object") fields.push(...schemaFields(child, path, depth + 1));
    if (child.type === "array") fields.push(...schemaFields(child.items, `${path}[]`, depth + 1));
  }
  return fields;
}

/** The field's JSON type as a receiver's code sees it: `string`, `integer`, `array<object>`, … */
export function jsonTypeOf(schema: JsonSchema): string {
  return schema.type === "array" ? `array<${jsonTypeOf(schema.items)}>` : schema.type;
}
