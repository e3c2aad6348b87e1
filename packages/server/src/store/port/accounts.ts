import type { Account, ApiKeyRecord, EpochMs } from "../../domain/types.js";

/** Accounts and their API keys. */
export interface AccountStore {
  createAccount(account: Account): Promise<void>;
  getAccount(accountId: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  setCreditsThreshold(accountId: string, threshold: number): Promise<Account | undefined>;

  createApiKey(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not (the caller decides what a revoked key means). */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Revokes at `now`, keeping the first revocation time if already revoked; false when no such key. */
  revokeApiKey(accountId: string, keyId: string, now: EpochMs): Promise<boolean>;
}
