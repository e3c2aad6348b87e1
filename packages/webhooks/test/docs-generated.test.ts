import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  EVENT_GROUPS,
  EVENT_TYPES,
  eventCatalog,
  eventGroupTitles,
  FAILURE_REASONS,
  failureReasonDescriptions,
  HEADER_NAMES,
  type JsonSchema,
  validateEventData,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { DOC_LANGUAGES, type DocLanguage } from "../scripts/docs/doc-language.js";
import { describeSchema } from "../scripts/docs/field-rows.js";
import { consumerDocFiles } from "../scripts/generate-docs.js";

/**
 * The consumer docs (docs/webhooks.fr.md, docs/webhooks.en.md) are generated from the catalog: the
 * committed files must be exactly the generator's output, and must document every event and field.
 */
const files = consumerDocFiles();
const committed = new Map(files.map((file) => [file.language, readFileSync(file.path, "utf8")]));
const page = (language: DocLanguage) => committed.get(language) as string;

/** Every field path of a schema: `name`, and `name[].child` for the fields of array items. */
function fieldPaths(schema: JsonSchema, prefix = ""): string[] {
  if (schema.type !== "object") return [];
  return Object.entries(schema.properties).flatMap(([key, property]) => [
    `${prefix}${key}`,
    ...(property.type === "array" ? fieldPaths(property.items, `${prefix}${key}[].`) : []),
  ]);
}

/** The text of each event's section (from its `#### \`type\`` heading to the next heading of any level). */
function eventSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of markdown.matchAll(/^#### `([^`]+)`\n([\s\S]*?)(?=^#{1,4} |(?![\s\S]))/gm)) {
    sections.set(match[1] as string, match[2] as string);
  }
  return sections;
}

function tableFieldNames(section: string): string[] {
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
}

describe("the generated consumer docs", () => {
  it("are committed exactly as the generator writes them from the catalog (run `npm run docs` after a change)", () => {
    expect(files.map((file) => file.language)).toEqual([...DOC_LANGUAGES]);
    for (const file of files) {
      expect(committed.get(file.language), `${file.path} is stale: run npm run docs`).toBe(file.content);
    }
  });

  it("`npm run docs -- --check` agrees that they are up to date", () => {
    const script = fileURLToPath(new URL("../scripts/generate-docs.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", script, "--check"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  describe.each(DOC_LANGUAGES)("in %s", (language) => {
    const markdown = page(language);
    const sections = eventSections(markdown);

    it("has every event once, under its group's heading, in the catalog's order", () => {
      expect([...sections.keys()]).toEqual([...EVENT_TYPES]);
      const groupHeadings = [...markdown.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
      for (const group of EVENT_GROUPS) expect(groupHeadings).toContain(eventGroupTitles[group][language]);
      for (const type of EVENT_TYPES) {
        const groupTitle = eventGroupTitles[eventCatalog[type].group][language];
        const groupAt = markdown.indexOf(`\n### ${groupTitle}\n`);
        const eventAt = markdown.indexOf(`\n#### \`${type}\`\n`);
        const nextGroups = EVENT_GROUPS.map((group) =>
          markdown.indexOf(`\n### ${eventGroupTitles[group][language]}\n`),
        );
        expect(groupAt, type).toBeGreaterThan(-1);
        expect(eventAt, type).toBeGreaterThan(groupAt);
        expect(
          nextGroups.filter((at) => at > groupAt && at < eventAt),
          type,
        ).toEqual([]);
      }
    });

    it.each(EVENT_TYPES)("documents %s: its description, a row per field, and a valid sample", (type) => {
      const section = sections.get(type) ?? "";
      const entry = eventCatalog[type];
      expect(section).toContain(entry.description[language]);
      expect(tableFieldNames(section)).toEqual(fieldPaths(entry.schema));
      for (const [name, property] of Object.entries(
        entry.schema.type === "object" ? entry.schema.properties : {},
      )) {
        const row = section.split("\n").find((line) => line.startsWith(`| \`${name}\` |`));
        expect(row, name).toContain(describeSchema(property, language));
      }
      const sample = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "null");
      expect(sample).toMatchObject({ event: type, timestamp: new Date(entry.sampleTimestamp).toISOString() });
      expect(sample.id).toMatch(/^evt_/);
      expect(sample.data).toEqual(entry.sample);
      expect(validateEventData(type, sample.data)).toEqual([]);
    });

    it("lists each failure_reason with its meaning", () => {
      const section = sections.get("candidate.interview.failed") ?? "";
      const separator = language === "fr" ? " : " : ": ";
      for (const reason of FAILURE_REASONS) {
        expect(section).toContain(
          `- \`${reason}\`${separator}${failureReasonDescriptions[reason][language]}\n`,
        );
      }
    });

    it("documents every delivery header and the envelope's keys", () => {
      const headerRows = markdown.split("\n").filter((line) => /^\| `[^`]+` \|.*\|.*\|$/.test(line));
      const documented = headerRows.map((line) => (/^\| `([^`]+)`/.exec(line)?.[1] ?? "").toLowerCase());
      for (const name of [...Object.values(HEADER_NAMES), "content-type", "user-agent"]) {
        expect(documented, name).toContain(name);
      }
      for (const key of ["id", "event", "timestamp", "test", "data"])
        expect(markdown).toContain(`| \`${key}\` |`);
    });

    it("states the delivery rules: 2xx within 5 s, 3 retries, at least once, order by timestamp, test flag", () => {
      const rules = {
        fr: [
          "code 2xx en moins de 5 secondes",
          "retenté 3 fois",
          "dédupliquez avec son `id`",
          "utilisez `timestamp`",
        ],
        en: ["2xx status within 5 seconds", "retried 3 times", "deduplicate on its `id`", "use `timestamp`"],
      }[language];
      for (const rule of rules) expect(markdown).toContain(rule);
      expect(markdown).toContain('`"test": true`');
      expect(markdown).toContain("`X-VoiceHire-Test: true`");
    });

    it("shows verification in TypeScript with the SDK and in Python reading interview_score", () => {
      expect(markdown).toMatch(/```ts\n[\s\S]*from "@voicehire\/webhooks";[\s\S]*?```/);
      const python = /```python\n([\s\S]*?)```/.exec(markdown)?.[1] ?? "";
      expect(python).toContain("candidate['interview_score']");
      expect(python).not.toContain("candidate['score']");
      expect(python).toContain("hmac.compare_digest");
    });
  });

  it("stops, naming the text, when a catalog description has no French yet", () => {
    const schema: JsonSchema = { type: "string", description: "A field added without its French." };
    expect(describeSchema(schema, "en")).toBe("A field added without its French.");
    expect(() => describeSchema(schema, "fr")).toThrow(
      /no French for the catalog description "A field added without its French\."/,
    );
  });
});
