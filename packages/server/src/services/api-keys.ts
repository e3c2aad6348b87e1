import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../domain/clock.js";
import { newId } from "../domain/ids.js";
import type { ApiKeyKind, ApiKeyRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { invalidField, type NotFound, notFound, type ValidationFailure } from "./outcomes.js";

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

export interface CreateApiKeyInput {
  readonly accountId: string;
  readonly kind: ApiKeyKind;
  readonly name: string;
}

export async function createApiKey(
  deps: { readonly store: Store; readonly clock: Clock },
  input: CreateApiKeyInput,
): Promise<
  | { readonly kind: "created"; readonly key: string; readonly record: ApiKeyRecord }
  | ValidationFailure
  | NotFound
> {
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

export async function revokeApiKey(
  deps: { readonly store: Store; readonly clock: Clock },
  accountId: string,
  keyId: string,
): Promise<{ readonly kind: "revoked" } | NotFound> {
  const revoked = await deps.store.revokeApiKey(accountId, keyId, deps.clock.now());
  return revoked ? { kind: "revoked" } : notFound("api_key", keyId);
}
