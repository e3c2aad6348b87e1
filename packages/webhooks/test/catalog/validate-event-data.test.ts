import { EVENT_TYPES, type EventType, eventCatalog, validateEventData } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";

function sampleCopy(type: EventType): Record<string, unknown> {
  return structuredClone(eventCatalog[type].sample) as unknown as Record<string, unknown>;
}

/** A value of the wrong JSON type for a field whose sample value is `value`. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === "string") return 42;
  if (typeof value === "number") return "8.5";
  if (typeof value === "boolean") return "true";
  return { not: "an array" };
}

const expectedTypeMessage = (value: unknown): string => {
  if (typeof value === "string") return "must be a string";
  if (typeof value === "number") return "must be a number";
  if (typeof value === "boolean") return "must be a boolean";
  return "must be an array";
};

describe("validateEventData", () => {
  it("reports each missing field with its path, for every event", () => {
    for (const type of EVENT_TYPES) {
      for (const field of Object.keys(eventCatalog[type].sample)) {
        const data = sampleCopy(type);
        delete data[field];
        expect(validateEventData(type, data), `${type} without ${field}`).toEqual([
          { path: `data.${field}`, message: "is required" },
        ]);
      }
    }
  });

  it("reports each mistyped field with its path, for every event", () => {
    for (const type of EVENT_TYPES) {
      for (const [field, value] of Object.entries(eventCatalog[type].sample)) {
        const data = sampleCopy(type);
        data[field] = wrongTypeFor(value);
        const message = field === "questions_count" ? "must be an integer" : expectedTypeMessage(value);
        expect(validateEventData(type, data), `${type}.${field}`).toEqual([
          { path: `data.${field}`, message },
        ]);
      }
    }
  });

  it("reports an extra field, for every event", () => {
    for (const type of EVENT_TYPES) {
      const data = { ...sampleCopy(type), score: 8.5 };
      expect(validateEventData(type, data)).toEqual([{ path: "data.score", message: "is not allowed" }]);
    }
  });

  it("reports all the issues at once, nested ones included, under the given path", () => {
    const data = sampleCopy("candidate.interview.completed.extended");
    delete data.first_name;
    data.interview_score = "8.5";
    data.availability_start = "2024-02-30";
    data.extra = true;
    data.responses = [
      { question: "Q", answer: "A", score: 9, explanation: "E" },
      { question: "Q", answer: "A", score: "9", explanation: "E", note: "x" },
      "not an object",
    ];
    expect(validateEventData("candidate.interview.completed.extended", data, "body.data")).toEqual([
      { path: "body.data.first_name", message: "is required" },
      { path: "body.data.interview_score", message: "must be a number" },
      { path: "body.data.availability_start", message: "must be a date (YYYY-MM-DD)" },
      { path: "body.data.responses[1].score", message: "must be a number" },
      { path: "body.data.responses[1].note", message: "is not allowed" },
      { path: "body.data.responses[2]", message: "must be an object" },
      { path: "body.data.extra", message: "is not allowed" },
    ]);
  });

  it("names the allowed values of failure_reason", () => {
    const data = { ...sampleCopy("candidate.interview.failed"), failure_reason: "busy" };
    expect(validateEventData("candidate.interview.failed", data)).toEqual([
      {
        path: "data.failure_reason",
        message: "must be one of voicemail, no_answer, user_hangup, technical_error",
      },
    ]);
  });

  it("checks the formats and bounds the catalog declares", () => {
    const campaign = {
      ...sampleCopy("campaign.created"),
      candidate_link: "not a link",
      questions_count: -1,
      campaign_id: "",
    };
    expect(validateEventData("campaign.created", campaign)).toEqual([
      { path: "data.campaign_id", message: "must not be empty" },
      { path: "data.candidate_link", message: "must be an absolute URI" },
      { path: "data.questions_count", message: "must be >= 0" },
    ]);
    expect(validateEventData("campaign.created", { ...campaign, questions_count: 6.5 })).toContainEqual({
      path: "data.questions_count",
      message: "must be an integer",
    });
  });

  it("rejects data that is not an object, and NaN or Infinity as numbers", () => {
    for (const data of [null, [], "x", 3]) {
      expect(validateEventData("credits.low", data)).toEqual([
        { path: "data", message: "must be an object" },
      ]);
    }
    expect(validateEventData("credits.low", { credits_remaining: Number.NaN, threshold: Infinity })).toEqual([
      { path: "data.credits_remaining", message: "must be a number" },
      { path: "data.threshold", message: "must be a number" },
    ]);
  });
});
