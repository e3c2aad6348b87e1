import type { JsonSchema, LocalizedText } from "../../src/index.js";
import { failureReasonDescriptions } from "../../src/index.js";
import { type DocLanguage, pick } from "./doc-language.js";
import { frenchDescriptions } from "./french-descriptions.js";

/** One line of an event's field table. */
export interface FieldRow {
  /** `interview_score`, or `responses[].question` for a field of an array's items. */
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

/** The meaning of each allowed value of an enum field, by field name (the catalog has one: failure_reason). */
const valueMeanings: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = {
  failure_reason: failureReasonDescriptions,
};

const typeNames = {
  string: { fr: "chaîne", en: "string" },
  number: { fr: "nombre", en: "number" },
  integer: { fr: "entier", en: "integer" },
  boolean: { fr: "booléen", en: "boolean" },
  object: { fr: "objet", en: "object" },
  array: { fr: "tableau", en: "array" },
} as const;

/** The description of a schema in `language`; throws naming a description that has no French yet. */
export function describeSchema(schema: JsonSchema, language: DocLanguage): string {
  const english = schema.description ?? "";
  if (language === "en") return english;
  const french = frenchDescriptions[english];
  if (french === undefined) {
    throw new Error(
      `@voicehire/webhooks: no French for the catalog description "${english}": add it to scripts/docs/french-descriptions.ts`,
    );
  }
  return french;
}

function typeOf(schema: JsonSchema, language: DocLanguage): string {
  const base = pick(typeNames[schema.type], language);
  switch (schema.type) {
    case "string":
      if (schema.format === "date")
        return language === "fr" ? `${base} (date AAAA-MM-JJ)` : `${base} (date YYYY-MM-DD)`;
      if (schema.format === "uri") return `${base} (URL)`;
      if (schema.format === "date-time") return `${base} (ISO 8601)`;
      if (schema.enum !== undefined) return language === "fr" ? `${base} (énumération)` : `${base} (enum)`;
      if (schema.minLength === 1) return language === "fr" ? `${base} non vide` : `non-empty ${base}`;
      return base;
    case "number":
    case "integer":
      return schema.minimum === undefined ? base : `${base} ≥ ${schema.minimum}`;
    case "array": {
      const items = pick(typeNames[schema.items.type], language);
      if (language === "en") return `${base} of ${items}s`;
      return /^[aeiouéè]/.test(items) ? `${base} d’${items}s` : `${base} de ${items}s`;
    }
    default:
      return base;
  }
}

function allowedValues(schema: JsonSchema, language: DocLanguage): string {
  if (schema.type !== "string" || schema.enum === undefined) return "";
  const values = schema.enum.map((value) => `\`${value}\``).join(", ");
  return `${language === "fr" ? " Valeurs possibles :" : " One of:"} ${values}.`;
}

/** The fields whose allowed values have documented meanings, e.g. each `failure_reason`. */
export interface ValueMeanings {
  readonly field: string;
  readonly values: readonly { readonly value: string; readonly meaning: string }[];
}

/** Every enum field of an object schema whose values have meanings, in `language`. */
export function valueMeaningsOf(schema: JsonSchema, language: DocLanguage): ValueMeanings[] {
  if (schema.type !== "object") return [];
  return Object.entries(schema.properties).flatMap(([field, property]) => {
    const meanings = valueMeanings[field];
    if (property.type !== "string" || property.enum === undefined || meanings === undefined) return [];
    const values = property.enum.map((value) => {
      const meaning = meanings[value];
      if (meaning === undefined)
        throw new Error(`@voicehire/webhooks: no meaning for ${field} value "${value}"`);
      return { value, meaning: pick(meaning, language) };
    });
    return [{ field, values }];
  });
}

/** The rows of every field of an object schema, the fields of array items following their array. */
export function fieldRows(schema: JsonSchema, language: DocLanguage, prefix = ""): FieldRow[] {
  if (schema.type !== "object") return [];
  return Object.entries(schema.properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const row: FieldRow = {
      name,
      type: typeOf(property, language),
      description: describeSchema(property, language) + allowedValues(property, language),
    };
    const nested = property.type === "array" ? fieldRows(property.items, language, `${name}[].`) : [];
    return [row, ...nested];
  });
}
