import { readFileSync } from "node:fs";
import {
  EVENT_GROUPS,
  EVENT_TYPES,
  type EventType,
  eventCatalog,
  eventGroupTitles,
  FAILURE_REASONS,
  failureReasonDescriptions,
  isEventType,
  type VoiceHireEvent,
  validateEventData,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";

const sourceDoc = readFileSync(
  new URL("../../../../docs/source/voicehire-webhooks-doc.fr.txt", import.meta.url),
  "utf8",
);

describe("EVENT_TYPES and isEventType", () => {
  it("lists the 10 types in the source document's order", () => {
    const positions = EVENT_TYPES.map((type) => sourceDoc.indexOf(`"event": "${type}"`));
    expect(EVENT_TYPES).toHaveLength(10);
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("accepts exactly the catalog names", () => {
    for (const type of EVENT_TYPES) expect(isEventType(type)).toBe(true);
    for (const other of [
      "campaign",
      "Campaign.Created",
      "credits.low ",
      "",
      1,
      null,
      undefined,
      {},
      ["credits.low"],
    ]) {
      expect(isEventType(other)).toBe(false);
    }
  });
});

describe("eventCatalog", () => {
  it("has one entry per type, keyed by its own type", () => {
    expect(Object.keys(eventCatalog)).toEqual([...EVENT_TYPES]);
    for (const type of EVENT_TYPES) expect(eventCatalog[type].type).toBe(type);
  });

  it("puts each event in the document's section", () => {
    const groupOf = (type: EventType) => eventCatalog[type].group;
    expect(EVENT_TYPES.map(groupOf)).toEqual([
      "campaigns",
      "campaigns",
      "candidates",
      "candidates",
      "interviews",
      "interviews",
      "interviews",
      "interviews",
      "credits",
      "credits",
    ]);
    expect(EVENT_GROUPS.map((group) => eventGroupTitles[group].fr)).toEqual([
      "Campagnes",
      "Candidats",
      "Entretiens",
      "Crédits",
    ]);
  });

  it("uses the document's own sentence as the French description, and an English one", () => {
    for (const type of EVENT_TYPES) {
      const { fr, en } = eventCatalog[type].description;
      expect(sourceDoc).toContain(`${type}\n${fr}\n`);
      expect(en.length).toBeGreaterThan(10);
    }
  });

  it("has the document's example data verbatim as samples", () => {
    for (const type of EVENT_TYPES) {
      if (type === "candidate.interview.completed.extended") continue;
      const start = sourceDoc.lastIndexOf(`{\n"event": "${type}"`);
      const end = sourceDoc.indexOf("\n}\n}", start) + 4;
      const documented = JSON.parse(sourceDoc.slice(start, end)) as { timestamp: string; data: unknown };
      expect(eventCatalog[type].sample).toEqual(documented.data);
      expect(eventCatalog[type].sampleTimestamp).toBe(documented.timestamp);
    }
    const extended = eventCatalog["candidate.interview.completed.extended"].sample;
    const { responses, ...rest } = extended;
    expect(rest).toEqual(eventCatalog["candidate.interview.completed"].sample);
    expect(responses).toEqual([
      {
        question: "Quelle est votre expérience avec React?",
        answer: "J'ai 5 ans d'expérience...",
        score: 9,
        explanation: "Expertise approfondie démontrée",
      },
    ]);
  });

  it("validates every sample against its own schema", () => {
    for (const type of EVENT_TYPES) expect(validateEventData(type, eventCatalog[type].sample)).toEqual([]);
  });

  it("requires every property of every schema and forbids others", () => {
    for (const type of EVENT_TYPES) {
      const schema = eventCatalog[type].schema;
      if (schema.type !== "object") throw new Error(`${type}: schema is not an object`);
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(eventCatalog[type].sample).sort());
      expect([...(schema.required ?? [])].sort()).toEqual(Object.keys(schema.properties).sort());
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it("is deeply frozen, so no caller can alter a sample for everyone", () => {
    const sample = eventCatalog["candidate.interview.completed.extended"].sample;
    expect(Object.isFrozen(eventCatalog)).toBe(true);
    expect(Object.isFrozen(sample)).toBe(true);
    expect(Object.isFrozen(sample.responses[0])).toBe(true);
    expect(Object.isFrozen(eventCatalog["credits.low"].schema)).toBe(true);
    expect(() => {
      (sample as { first_name: string }).first_name = "X";
    }).toThrow(TypeError);
  });

  it("describes the four failure reasons of the document", () => {
    expect([...FAILURE_REASONS]).toEqual(["voicemail", "no_answer", "user_hangup", "technical_error"]);
    for (const reason of FAILURE_REASONS) {
      expect(sourceDoc).toContain(`${reason} : ${failureReasonDescriptions[reason].fr}\n`);
    }
  });

  it("types envelopes as a union narrowed by `event`", () => {
    const event = {
      id: "evt_1",
      event: "candidate.interview.failed",
      timestamp: "2024-01-15T14:35:00Z",
      data: eventCatalog["candidate.interview.failed"].sample,
    } as VoiceHireEvent;
    const reason = event.event === "candidate.interview.failed" ? event.data.failure_reason : null;
    expect(reason).toBe("voicemail");
  });
});
