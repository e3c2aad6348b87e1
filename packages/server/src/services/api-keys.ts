import { createHash, randomBytes } from "node:crypto";
import type { ObjectSchema } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { newId } from "../domain/ids.js";
import type { ApiKeyKind, ApiKeyRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { blankTextIssues } from "./blank-text.js";
import {
  type EmptyBody,
  type Forbidden,
  forbidden,
  invalidField,
  madeOrNotFound,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "./outcomes.js";
import { type Page, pageOfWhole } from "./page-query.js";
import { readBody } from "./request-body.js";

/**
 * API keys: `vhk_` + 32 random bytes in base64url. Only the SHA-256 hex of a key is stored, with its
 * first characters (the prefix) so a user can recognize it in a listing; the key itself is shown once.
 */
export const API_KEY_PREFIX = "vhk_";
/** How many leading characters of a key are kept as its recognizable prefix (`vhk_` + 8). */
export const API_KEY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
export const MAX_API_KEY_NAME_LENGTH = 200;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The body of `POST /v1/api-keys`. */
export const createApiKeyRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: MAX_API_KEY_NAME_LENGTH,
      description: "A label to recognize the key in listings (e.g. `CRM production`).",
    },
    kind: {
      type: "string",
      enum: ["account", "admin"],
      description: "`account` (default). `admin` keys act for any account: only an admin key may create one.",
    },
  },
  required: ["name"],
  additionalProperties: false,
};

export interface CreateApiKeyInput {
  readonly accountId: string;
  readonly kind: ApiKeyKind;
  readonly name: string;
}

export async function createApiKey(
  deps: { readonly store: Store; readonly clock: Clock },
  input: CreateApiKeyInput,
): Promise<CreatedApiKey | ValidationFailure | NotFound> {
  const name = input.name.trim();
  if (name.length > MAX_API_KEY_NAME_LENGTH) {
    return invalidField("name", `must be at most ${MAX_API_KEY_NAME_LENGTH} characters`);
  }
  if ((await deps.store.getAccount(input.accountId)) === undefined)
    return notFound("account", input.accountId);
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const now = deps.clock.now();
  const record: ApiKeyRecord = {
    id: newId("key", now),
    accountId: input.accountId,
    kind: input.kind,
    hash: hashApiKey(key),
    prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
    name,
    createdAt: now,
    revokedAt: null,
  };
  await deps.store.createApiKey(record);
  return { kind: "created", key, record };
}

export type CreatedApiKey = { readonly kind: "created"; readonly key: string; readonly record: ApiKeyRecord };

/** `POST /v1/api-keys`: the request body read, then `createApiKey`. Only an admin key may create one. */
export async function createApiKeyFromRequest(
  deps: { readonly store: Store; readonly clock: Clock },
  input: { readonly accountId: string; readonly callerKind: ApiKeyKind; readonly body: unknown },
): Promise<CreatedApiKey | ValidationFailure | NotFound | EmptyBody | Forbidden> {
  const read = readBody(input.body, createApiKeyRequestSchema, {
    expected: "a JSON object with name",
    check: (fields) => blankTextIssues(fields, "name"),
  });
  if (read.kind !== "read") return read;
  const kind: ApiKeyKind = read.body.kind === "admin" ? "admin" : "account";
  if (kind === "admin" && input.callerKind !== "admin") {
    return forbidden("kind", "admin is only for admin keys to create");
  }
  return createApiKey(deps, { accountId: input.accountId, kind, name: read.body.name as string });
}

/** `GET /v1/api-keys`: newest first, revoked keys included. */
export async function listApiKeys(
  deps: { readonly store: Store },
  accountId: string,
  rawQuery: unknown,
): Promise<Page<ApiKeyRecord> | ValidationFailure> {
  return pageOfWhole(rawQuery, () => deps.store.listApiKeys(accountId));
}

export async function revokeApiKey(
  deps: { readonly store: Store; readonly clock: Clock },
  accountId: string,
  keyId: string,
): Promise<{ readonly kind: "revoked" } | NotFound> {
  return madeOrNotFound(
    "revoked",
    "api_key",
    keyId,
    deps.store.revokeApiKey(accountId, keyId, deps.clock.now()),
  );
}
