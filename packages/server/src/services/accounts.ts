import type { ObjectSchema } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { newId } from "../domain/ids.js";
import type { Account } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { blankTextIssues } from "./blank-text.js";
import { type EmptyBody, invalidField, type Lookup, lookUp, type ValidationFailure } from "./outcomes.js";
import { type Page, pageOfWhole } from "./page-query.js";
import { readBody } from "./request-body.js";

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
): Promise<Lookup<"account", Account>> {
  return lookUp("account", accountId, deps.store.getAccount(accountId));
}

/** The body of `POST /v1/accounts` (admin keys). */
export const createAccountRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: MAX_ACCOUNT_NAME_LENGTH,
      description: "The customer's name.",
    },
    credits_threshold: {
      type: "number",
      minimum: 0,
      description: "`credits.low` fires when the balance goes below this (default 10).",
    },
  },
  required: ["name"],
  additionalProperties: false,
};

/** `POST /v1/accounts`: the request body read, then `createAccount`. */
export async function createAccountFromRequest(
  deps: { readonly store: Store; readonly clock: Clock },
  body: unknown,
): Promise<{ readonly kind: "created"; readonly account: Account } | ValidationFailure | EmptyBody> {
  const read = readBody(body, createAccountRequestSchema, {
    expected: "a JSON object with name",
    check: (fields) => blankTextIssues(fields, "name"),
  });
  if (read.kind !== "read") return read;
  const { name, credits_threshold } = read.body;
  return createAccount(deps, {
    name: name as string,
    ...(typeof credits_threshold === "number" ? { creditsThreshold: credits_threshold } : {}),
  });
}

/** `GET /v1/accounts` (admin keys): every account, newest first. */
export async function listAccounts(
  deps: { readonly store: Store },
  rawQuery: unknown,
): Promise<Page<Account> | ValidationFailure> {
  return pageOfWhole(rawQuery, () => deps.store.listAccounts());
}

export const settingsSchema: ObjectSchema = {
  type: "object",
  properties: { credits_threshold: { type: "number", minimum: 0 } },
  additionalProperties: false,
};

/** Account settings, PATCH semantics: `{ credits_threshold?: number >= 0 }`; answers the account as changed. */
export async function updateAccountSettings(
  deps: { readonly store: Store },
  accountId: string,
  body: unknown,
): Promise<Lookup<"account", Account> | ValidationFailure | EmptyBody> {
  const read = readBody(body, settingsSchema);
  if (read.kind !== "read") return read;
  const threshold = read.body.credits_threshold as number | undefined;
  return lookUp(
    "account",
    accountId,
    threshold === undefined
      ? deps.store.getAccount(accountId)
      : deps.store.setCreditsThreshold(accountId, threshold),
  );
}
