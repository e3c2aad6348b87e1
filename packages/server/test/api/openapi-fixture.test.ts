import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { forAllTests } from "../support/fixture-hooks.js";
import { type FullApi, harnessWithFullApi, servedDocument } from "./openapi-app.js";

/**
 * The served OpenAPI document stays equivalent to the one committed in `fixtures/` (taken before the
 * document was generated from the validating schemas): same paths, methods, parameters, request and
 * response schemas. Key order is free; the package version is the running one.
 */
const FIXTURE = new URL("./fixtures/openapi-document.json", import.meta.url);

/** Lists whose order carries no meaning in OpenAPI, sorted so that only their content is compared. */
const UNORDERED_LISTS = new Set(["required", "parameters", "security"]);

function canonical(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    if (!UNORDERED_LISTS.has(key)) return items;
    return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v, k)]));
  }
  return value;
}

let api: FullApi;
let served: any;

forAllTests(harnessWithFullApi(), (started) => {
  ({ api } = started);
});
beforeAll(async () => {
  served = await servedDocument(api);
});

describe("the served OpenAPI document", () => {
  it("is equivalent to the committed fixture", () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
    fixture.info.version = served.info.version;
    expect(canonical(served)).toEqual(canonical(fixture));
  });

  it("the comparison notices a changed schema (it is not vacuous)", () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
    fixture.info.version = served.info.version;
    const changed = structuredClone(served);
    const path = Object.keys(changed.paths)[0] as string;
    const operation = Object.values(changed.paths[path])[0] as { summary: string };
    operation.summary = `${operation.summary} (changed)`;
    expect(canonical(changed)).not.toEqual(canonical(fixture));
  });
});
