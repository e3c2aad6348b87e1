/**
 * Flattens a JSON Schema into the rows of a fields table (`data.responses[].score`, its type, whether it
 * is required, its description), resolving `#/components/schemas/...` references. For the reference page.
 */
export interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

type Schema = { readonly [keyword: string]: unknown };
type Components = { readonly [name: string]: unknown };

const MAX_DEPTH = 6;

function asSchema(value: unknown): Schema {
  return typeof value === "object" && value !== null ? (value as Schema) : {};
}

function resolve(schema: Schema, components: Components): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  return asSchema(components[name]);
}

/** `[x, null]` → x, and whether null was allowed. */
function withoutNull(schema: Schema, components: Components): { schema: Schema; nullable: boolean } {
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf)) {
    const others = anyOf.map(asSchema).filter((s) => s.type !== "null");
    if (others.length === 1 && others.length < anyOf.length) {
      return { schema: resolve(others[0] as Schema, components), nullable: true };
    }
  }
  return { schema: resolve(schema, components), nullable: false };
}

export function typeLabel(raw: Schema, components: Components): string {
  const { schema, nullable } = withoutNull(raw, components);
  let label: string;
  if (Array.isArray(schema.enum)) label = schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (schema.const !== undefined) label = JSON.stringify(schema.const);
  else if (schema.type === "array") label = `array of ${typeLabel(asSchema(schema.items), components)}`;
  else if (typeof schema.type === "string")
    label = schema.format === undefined ? schema.type : `${schema.type} (${String(schema.format)})`;
  else label = "any";
  return nullable ? `${label} | null` : label;
}

function description(raw: Schema, components: Components): string {
  const own = raw.description;
  if (typeof own === "string") return own;
  const inner = withoutNull(raw, components).schema.description;
  return typeof inner === "string" ? inner : "";
}

export function fieldRows(root: unknown, components: Components): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (value: unknown, prefix: string, depth: number): void => {
    const { schema } = withoutNull(asSchema(value), components);
    if (depth > MAX_DEPTH) return;
    if (schema.type === "array") {
      walk(schema.items, `${prefix}[]`, depth + 1);
      return;
    }
    const properties = asSchema(schema.properties);
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [name, child] of Object.entries(properties)) {
      const path = prefix === "" ? name : `${prefix}.${name}`;
      const childSchema = asSchema(child);
      rows.push({
        path,
        type: typeLabel(childSchema, components),
        required: required.includes(name),
        description: description(childSchema, components),
      });
      walk(childSchema, path, depth + 1);
    }
  };
  walk(root, "", 0);
  return rows;
}
