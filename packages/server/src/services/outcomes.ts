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

/** No request body at all (the API answers 400 `empty_body`). */
export interface EmptyBody {
  readonly kind: "empty_body";
}

export const emptyBody: EmptyBody = { kind: "empty_body" };

/** The caller may not ask for this (the API answers 403 `forbidden`, naming the field that asks). */
export interface Forbidden {
  readonly kind: "forbidden";
  readonly field: string;
  readonly message: string;
}

export function forbidden(field: string, message: string): Forbidden {
  return { kind: "forbidden", field, message };
}

/** Every failure a use case answers with; its other outcomes are its results. */
export type Failure = ValidationFailure | NotFound | Conflict | EmptyBody | Forbidden;

const FAILURE_KINDS: ReadonlySet<string> = new Set<Failure["kind"]>([
  "invalid",
  "not_found",
  "conflict",
  "empty_body",
  "forbidden",
]);

export function isFailure<O extends { readonly kind: string }>(outcome: O): outcome is Extract<O, Failure> {
  return FAILURE_KINDS.has(outcome.kind);
}

/** A lookup of one of the account's resources: found under its own name, or not found. */
export type Found<R extends ResourceName, T> = { readonly kind: "found" } & { readonly [K in R]: T };

export type Lookup<R extends ResourceName, T> = Found<R, T> | NotFound;

export async function lookUp<R extends ResourceName, T>(
  resource: R,
  id: string,
  read: Promise<T | undefined>,
): Promise<Lookup<R, T>> {
  const value = await read;
  if (value === undefined) return notFound(resource, id);
  return { kind: "found", [resource]: value } as Found<R, T>;
}

/** A change the store reports as made, or not made for want of the resource in this account. */
export async function madeOrNotFound<K extends string>(
  kind: K,
  resource: ResourceName,
  id: string,
  change: Promise<boolean>,
): Promise<{ readonly kind: K } | NotFound> {
  return (await change) ? { kind } : notFound(resource, id);
}
