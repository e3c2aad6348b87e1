import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { allRouteDocs } from "../../src/api/openapi/all-route-docs.js";
import { buildOpenApiDocument } from "../../src/api/openapi/build-openapi-document.js";
import { readWireTypes, type Schema, WireTypeChecker } from "./support/wire-type-check.js";

/**
 * The dashboard's wire types are written by hand (packages/dashboard/src/api/types.ts): this checks
 * them against the OpenAPI document the service serves, so that a renamed, removed or retyped field
 * on either side fails here instead of in a customer's browser.
 */
const TYPES_FILE = new URL("../../../dashboard/src/api/types.ts", import.meta.url);
const document = buildOpenApiDocument(allRouteDocs, "0.0.0") as unknown as Schema;

function component(name: string): Schema {
  return { $ref: `#/components/schemas/${name}` };
}

function answer(method: string, path: string, status: number, of: Schema = document): Schema {
  const paths = of.paths as Record<string, Record<string, Schema>>;
  const responses = paths[path]?.[method.toLowerCase()]?.responses as Record<string, Schema> | undefined;
  const content = responses?.[String(status)]?.content as Record<string, { schema: Schema }> | undefined;
  const schema = content?.["application/json"]?.schema;
  if (schema === undefined) throw new Error(`${method} ${path} answers no JSON ${status}`);
  return schema;
}

function itemsOf(schema: Schema): Schema {
  return ((schema.properties as Record<string, Schema>).data as Schema).items as Schema;
}

/** Each representation types.ts declares, and where the document describes it. */
const REPRESENTATIONS: ReadonlyArray<readonly [string, (of: Schema) => Schema]> = [
  // The create and update answers: every listed field, and the `secret` generated for this answer.
  ["Endpoint", () => component("EndpointWithSecret")],
  ["EndpointStats", () => component("EndpointStats")],
  ["StatsBucket", (of) => itemsOf(answer("GET", "/v1/stats/deliveries", 200, of))],
  ["Delivery", () => component("Delivery")],
  ["Attempt", () => component("Attempt")],
  ["DeliveryDetail", () => component("DeliveryDetail")],
  ["StoredEvent", () => component("Event")],
  ["TestResult", () => component("TestOutcome")],
  ["Recovery", () => component("Recovery")],
  ["SecretReveal", () => component("Secret")],
  ["Rotation", (of) => answer("POST", "/v1/endpoints/{id}/secret/rotate", 200, of)],
  ["SigningKeyRotation", (of) => answer("POST", "/v1/endpoints/{id}/signing-key/rotate", 200, of)],
  // The create answer: the listed key's fields and the `key` itself.
  ["ApiKey", (of) => answer("POST", "/v1/api-keys", 201, of)],
  ["Account", () => component("Account")],
  ["Session", (of) => answer("GET", "/dashboard/session", 200, of)],
  ["Problem", () => component("Problem")],
];

/** Declarations checked through the representations that use them, or derived from one. */
const CHECKED_THROUGH = new Set([
  "EndpointState",
  "DisabledReason",
  "DeliveryStatus",
  "AttemptErrorKind",
  "SignatureScheme",
  "WindowStats",
  "Page",
  "SignedInSession",
]);

function problemsOf(source: string, of: Schema = document): string[] {
  const checker = new WireTypeChecker(readWireTypes(source), of);
  for (const [name, schema] of REPRESENTATIONS) checker.checkDeclaration(name, schema(of));
  // Every listing of the API pages the same way; the items are checked above.
  for (const path of ["/v1/deliveries", "/v1/events", "/v1/api-keys"]) {
    checker.checkDeclaration("Page", answer("GET", path, 200, of), [
      ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword),
    ]);
  }
  return checker.problems;
}

const source = readFileSync(TYPES_FILE, "utf8");

describe("the dashboard's wire types", () => {
  it("match the OpenAPI document: every field named exists, with a compatible type, required where relied on", () => {
    expect(problemsOf(source)).toEqual([]);
  });

  it("are all checked: a new declaration in types.ts must say where the document describes it", () => {
    const mapped = new Set([...REPRESENTATIONS.map(([name]) => name), ...CHECKED_THROUGH]);
    const unmapped = [...readWireTypes(source).declarations.keys()].filter((name) => !mapped.has(name));
    expect(unmapped).toEqual([]);
  });

  it("fail when a field is renamed, dropped from required, retyped or loses an enum value", () => {
    const renamed = source.replace("readonly has_secret: boolean;", "readonly is_signed: boolean;");
    expect(problemsOf(renamed)).toContain("Endpoint.is_signed: in types.ts, not in the document");
    const retyped = source.replace("readonly attempt_count: number;", "readonly attempt_count: string;");
    expect(problemsOf(retyped)).toContain(
      "Delivery.attempt_count: string in types.ts, integer in the document",
    );
    const notNull = source.replace(
      "readonly next_attempt_at: string | null;",
      "readonly next_attempt_at: string;",
    );
    expect(problemsOf(notNull)).toContain(
      "Delivery.next_attempt_at: the document allows null, types.ts does not",
    );
    const fewer = source.replace('  | "tls"\n', "");
    expect(problemsOf(fewer).join("\n")).toContain("the document's tls unknown to types.ts");
  });

  it("fail when the document loses a field types.ts relies on", () => {
    const changed = structuredClone(document);
    const delivery = (changed.components as { schemas: Record<string, Schema> }).schemas.Delivery as Schema;
    delete (delivery.properties as Record<string, Schema>).event_type;
    expect(problemsOf(source, changed)).toContain("Delivery.event_type: in types.ts, not in the document");
  });
});
