import { EVENT_GROUPS, EVENT_TYPES, eventCatalog, type JsonSchema, validateJson } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { forAllTests } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";

let h: ApiHarness;
forAllTests(apiHarness(), (started) => {
  h = started;
});

describe("GET /v1/event-types", () => {
  it("lists the 10 types in the catalog's order with group, fr/en description, schema and sample", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/event-types", headers: h.alice.auth });
    expect(answer.statusCode).toBe(200);
    const { data } = answer.json();
    expect(data.map((t: { type: string }) => t.type)).toEqual([...EVENT_TYPES]);
    for (const item of data) {
      const entry = eventCatalog[item.type as keyof typeof eventCatalog];
      expect(Object.keys(item).sort()).toEqual(["description", "group", "sample", "schema", "type"]);
      expect(EVENT_GROUPS).toContain(item.group);
      expect(item.group).toBe(entry.group);
      expect(item.description).toEqual(entry.description);
      expect(item.description.fr).not.toBe(item.description.en);
      expect(item.schema).toEqual(entry.schema);
      expect(item.sample).toEqual(entry.sample);
      // The served sample is valid for the served schema.
      expect(validateJson(item.schema as JsonSchema, item.sample)).toEqual([]);
    }
  });

  it("carries the source document's words and samples", async () => {
    const { data } = (
      await h.app.inject({ method: "GET", url: "/v1/event-types", headers: h.alice.auth })
    ).json();
    const byType = new Map(data.map((t: { type: string }) => [t.type, t]));
    const failed: any = byType.get("candidate.interview.failed");
    expect(failed.schema.properties.failure_reason.enum).toEqual([
      "voicemail",
      "no_answer",
      "user_hangup",
      "technical_error",
    ]);
    const extended: any = byType.get("candidate.interview.completed.extended");
    expect(extended.sample.responses[0]).toHaveProperty("question");
    const low: any = byType.get("credits.low");
    expect(low.description.fr).toContain("seuil");
  });

  it("is the same for every account, and needs a key", async () => {
    const alice = await h.app.inject({ method: "GET", url: "/v1/event-types", headers: h.alice.auth });
    const bob = await h.app.inject({ method: "GET", url: "/v1/event-types", headers: h.bob.auth });
    expect(bob.body).toBe(alice.body);
    const anonymous = await h.app.inject({ method: "GET", url: "/v1/event-types" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().errors[0].field).toBe("Authorization");
  });

  it("answers over a socket", async () => {
    const base = (await h.app.listen({ host: "127.0.0.1", port: 0 })).replace("[::1]", "127.0.0.1");
    const answer = await fetch(`${base}/v1/event-types`, { headers: h.alice.auth });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: unknown[] }).data).toHaveLength(10);
  });
});
