import type { Account, ApiKeyRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { API_KEY_PREFIX, hashApiKey } from "./api-keys.js";

/**
 * The one rule for "this API key may act": it exists, is not revoked, and its account still exists.
 * The API's bearer authentication, the dashboard's sign-in and its session check all ask here, so
 * revoking a key ends every way in at once.
 */
export interface LiveApiKey {
  readonly key: ApiKeyRecord;
  readonly account: Account;
}

/** Longer tokens are refused unhashed: no key is that long, and hashing them is work for nothing. */
const MAX_TOKEN_LENGTH = 200;

/** The live key recorded under this hash (a dashboard session keeps the hash, never the key). */
export async function liveApiKeyByHash(store: Store, keyHash: string): Promise<LiveApiKey | undefined> {
  const key = await store.findApiKeyByHash(keyHash);
  if (key === undefined || key.revokedAt !== null) return undefined;
  const account = await store.getAccount(key.accountId);
  return account === undefined ? undefined : { key, account };
}

/** The live key a token (`vhk_…`) is, or undefined when it is malformed, unknown or revoked. */
export async function liveApiKey(store: Store, token: string): Promise<LiveApiKey | undefined> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > MAX_TOKEN_LENGTH) return undefined;
  return liveApiKeyByHash(store, hashApiKey(token));
}

/** The account a bearer token authenticates, or undefined (unknown or revoked key, deleted account). */
export async function authenticate(
  deps: { readonly store: Store },
  bearerToken: string,
): Promise<Account | undefined> {
  return (await liveApiKey(deps.store, bearerToken))?.account;
}
