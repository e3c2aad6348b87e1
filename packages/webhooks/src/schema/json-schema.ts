/**
 * A small subset of JSON Schema 2020-12: enough to describe the catalog's payloads and simple
 * request bodies. Every schema is a plain JSON value, so it can be published as is.
 */
export type JsonSchema = ObjectSchema | StringSchema | NumberSchema | BooleanSchema | ArraySchema;

interface Annotated {
  readonly title?: string;
  readonly description?: string;
}

export interface ObjectSchema extends Annotated {
  readonly type: "object";
  readonly properties: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  /** `false` rejects every property not listed in `properties`; absent allows them (unchecked). */
  readonly additionalProperties?: false;
}

export type StringFormat = "date" | "date-time" | "uri";

export interface StringSchema extends Annotated {
  readonly type: "string";
  readonly enum?: readonly string[];
  /** In Unicode code points, as JSON Schema counts them. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An ECMAScript regular expression (Unicode mode), not anchored unless it says so. */
  readonly pattern?: string;
  /** `date`: `YYYY-MM-DD`; `date-time`: RFC 3339 with a zone; `uri`: an absolute URI. */
  readonly format?: StringFormat;
}

export interface NumberSchema extends Annotated {
  /** `number` accepts any finite number; `integer` only whole ones. */
  readonly type: "number" | "integer";
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanSchema extends Annotated {
  readonly type: "boolean";
}

export interface ArraySchema extends Annotated {
  readonly type: "array";
  readonly items: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
}
