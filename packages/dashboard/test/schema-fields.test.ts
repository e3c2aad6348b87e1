import { EVENT_TYPES, eventCatalog } from "@voicehire/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonTypeOf, schemaFields } from "../src/catalog/schema-fields";

/**
 * The catalog page's field rows come from each event's JSON Schema. They must name exactly the fields
 * a receiver finds in the payload: every path of the document's sample, nothing it lacks.
 */
function samplePaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => samplePaths(item, `${prefix}[]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([name, child]) => {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    return [path, ...samplePaths(child, path)];
  });
}

describe("the catalog page's fields", () => {
  it("lists exactly the paths of each event's sample, parents before their children", () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), (type) => {
        const rows = schemaFields(eventCatalog[type].schema).map((field) => field.path);
        expect(new Set(rows)).toEqual(new Set(samplePaths(eventCatalog[type].sample)));
        expect(rows.length, "no field listed twice").toBe(new Set(rows).size);
        rows.forEach((path, index) => {
          const parent = path.replace(/(\[\])?\.[^.]+$/, "");
          if (parent !== path) expect(rows.indexOf(parent), path).toBeLessThan(index);
        });
      }),
      { numRuns: EVENT_TYPES.length * 3 },
    );
  });

  it("names JSON types as a receiver's code sees them, with nesting and the required flag", () => {
    const extended = schemaFields(eventCatalog["candidate.interview.completed.extended"].schema);
    const byPath = new Map(extended.map((field) => [field.path, field]));
    expect(jsonTypeOf(byPath.get("responses")?.schema ?? { type: "boolean" })).toBe("array<object>");
    expect(byPath.get("responses[].score")).toMatchObject({ depth: 1, required: true });
    expect(jsonTypeOf(byPath.get("interview_score")?.schema ?? { type: "boolean" })).toBe("number");
    const created = schemaFields(eventCatalog["campaign.created"].schema);
    expect(created.find((f) => f.path === "questions_count")?.schema).toMatchObject({ type: "integer" });
  });
});
