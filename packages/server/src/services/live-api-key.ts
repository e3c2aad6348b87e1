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

/** How long a cached live key is served before it is checked against the store again. */
export const LIVE_KEY_MAX_AGE_MS = 1_000;

/** Bounds the memory an unending stream of distinct keys could take (they are then all re-read). */
const MAX_CACHED_KEYS = 10_000;

/**
 * `liveApiKey` answered from memory: a key found live is served for at most `maxAgeMs` (1 s) before it
 * is read again, so a key revoked by ANY process (another API process, the `keys revoke` command) is
 * refused within 1 s here, on either store, with no channel between processes. The process that
 * revokes it calls `forgetAll()` and refuses it at once. Unknown and revoked keys are never cached
 * (each costs its reads); concurrent first uses of one key share one read.
 */
export interface LiveApiKeyCache {
  liveApiKey(token: string): Promise<LiveApiKey | undefined>;
  /** Drops every entry: a key or an account changed in this process. */
  forgetAll(): void;
}

export function createLiveApiKeyCache(
  store: Store,
  options: { readonly now?: () => number; readonly maxAgeMs?: number } = {},
): LiveApiKeyCache {
  const now = options.now ?? (() => performance.now());
  const maxAgeMs = options.maxAgeMs ?? LIVE_KEY_MAX_AGE_MS;
  const entries = new Map<
    string,
    { readonly readAt: number; readonly live: Promise<LiveApiKey | undefined> }
  >();
  return {
    liveApiKey(token) {
      if (!token.startsWith(API_KEY_PREFIX) || token.length > MAX_TOKEN_LENGTH)
        return Promise.resolve(undefined);
      const hash = hashApiKey(token);
      const cached = entries.get(hash);
      if (cached !== undefined && now() - cached.readAt < maxAgeMs) return cached.live;
      if (entries.size >= MAX_CACHED_KEYS) entries.clear();
      const live = liveApiKeyByHash(store, hash);
      const entry = { readAt: now(), live };
      entries.set(hash, entry);
      const forget = () => {
        if (entries.get(hash) === entry) entries.delete(hash);
      };
      live.then((found) => (found === undefined ? forget() : undefined), forget);
      return live;
    },
    forgetAll() {
      entries.clear();
    },
  };
}
