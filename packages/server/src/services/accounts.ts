import { type ObjectSchema, validateJson } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { newId } from "../domain/ids.js";
import type { Account } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { invalid, invalidField, type NotFound, notFound, type ValidationFailure } from "./outcomes.js";

/** `credits.low` fires below this balance unless the account sets its own threshold. */
export const DEFAULT_CREDITS_THRESHOLD = 10;
export const MAX_ACCOUNT_NAME_LENGTH = 200;

export interface CreateAccountInput {
  readonly name: string;
  /** Default 10. */
  readonly creditsThreshold?: number;
}

function thresholdIssue(value: number, path: string): ValidationFailure | undefined {
  return Number.isFinite(value) && value >= 0 ? undefined : invalidField(path, "must be a number >= 0");
}

export async function createAccount(
  deps: { readonly store: Store; readonly clock: Clock },
  input: CreateAccountInput,
): Promise<{ readonly kind: "created"; readonly account: Account } | ValidationFailure> {
  const name = input.name.trim();
  if (name === "" || name.length > MAX_ACCOUNT_NAME_LENGTH) {
    return invalidField("name", `must be 1 to ${MAX_ACCOUNT_NAME_LENGTH} characters`);
  }
  const creditsThreshold = input.creditsThreshold ?? DEFAULT_CREDITS_THRESHOLD;
  const badThreshold = thresholdIssue(creditsThreshold, "credits_threshold");
  if (badThreshold !== undefined) return badThreshold;
  const now = deps.clock.now();
  const account: Account = { id: newId("acc", now), name, creditsThreshold, createdAt: now };
  await deps.store.createAccount(account);
  return { kind: "created", account };
}

export async function getAccount(
  deps: { readonly store: Store },
  accountId: string,
): Promise<{ readonly kind: "found"; readonly account: Account } | NotFound> {
  const account = await deps.store.getAccount(accountId);
  return account === undefined ? notFound("account", accountId) : { kind: "found", account };
}

export const settingsSchema: ObjectSchema = {
  type: "object",
  properties: { credits_threshold: { type: "number", minimum: 0 } },
  additionalProperties: false,
};

/** Account settings, PATCH semantics: `{ credits_threshold?: number >= 0 }`. */
export async function updateAccountSettings(
  deps: { readonly store: Store },
  accountId: string,
  body: unknown,
): Promise<{ readonly kind: "updated"; readonly account: Account } | ValidationFailure | NotFound> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidField("body", "must be a JSON object");
  }
  const issues = validateJson(settingsSchema, body);
  if (issues.length > 0) return invalid(issues);
  const threshold = (body as { credits_threshold?: number }).credits_threshold;
  const account =
    threshold === undefined
      ? await deps.store.getAccount(accountId)
      : await deps.store.setCreditsThreshold(accountId, threshold);
  return account === undefined ? notFound("account", accountId) : { kind: "updated", account };
}
