import type { ValidationIssue } from "@voicehire/webhooks";

/**
 * The failures a use case answers with, as values. They carry no HTTP: the API maps them to problem
 * documents (`invalid` → 422 `validation_failed`, `not_found` → 404).
 */
export interface ValidationFailure {
  readonly kind: "invalid";
  /** Every problem found, each naming its field (`data.interview_score`, `url`, ...). */
  readonly issues: readonly ValidationIssue[];
}

export type ResourceName = "account" | "endpoint" | "event" | "delivery" | "api_key" | "recovery";

export interface NotFound {
  readonly kind: "not_found";
  readonly resource: ResourceName;
  readonly id: string;
}

export function invalid(issues: readonly ValidationIssue[]): ValidationFailure {
  return { kind: "invalid", issues };
}

export function invalidField(path: string, message: string): ValidationFailure {
  return { kind: "invalid", issues: [{ path, message }] };
}

export function notFound(resource: ResourceName, id: string): NotFound {
  return { kind: "not_found", resource, id };
}

/** The request is valid but the resource's state forbids it (the API answers 409 `conflict`). */
export interface Conflict {
  readonly kind: "conflict";
  readonly message: string;
}

export function conflict(message: string): Conflict {
  return { kind: "conflict", message };
}
