import { eventCatalog } from "@voicehire/webhooks";

/** The source document's sample data, as plain mutable copies. */
export function sampleData(type: keyof typeof eventCatalog): Record<string, unknown> {
  return structuredClone(eventCatalog[type].sample) as unknown as Record<string, unknown>;
}

/** The completed interview of the document, with the document's one response. */
export function completedWithResponses(): Record<string, unknown> {
  return sampleData("candidate.interview.completed.extended");
}

export const PROBLEM_JSON = "application/problem+json";
