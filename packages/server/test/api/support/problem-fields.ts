import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { PROBLEM_JSON } from "./samples.js";

/** The fields a problem answer names, in its order. */
export function problemFields(answer: LightMyRequestResponse): string[] {
  return answer.json<{ errors: { field: string }[] }>().errors.map((error) => error.field);
}

/** A 422 problem+json naming exactly `fields`, in this order. */
export function expectValidationProblem(answer: LightMyRequestResponse, fields: readonly string[]): void {
  expect(answer.statusCode).toBe(422);
  expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
  expect(problemFields(answer)).toEqual(fields);
}
