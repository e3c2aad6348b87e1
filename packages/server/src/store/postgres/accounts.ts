import type { Account, ApiKeyRecord, EpochMs } from "../../domain/types.js";
import type { AccountStore } from "../port.js";
import { type AccountRow, type ApiKeyRow, toAccount, toApiKey } from "../record-mapping.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

const ACCOUNT_COLUMNS = "id, name, credits_threshold, created_at";
const API_KEY_COLUMNS = "id, account_id, kind, hash, prefix, name, created_at, revoked_at";

export async function createAccount(db: Queryable, account: Account): Promise<void> {
  await db.query("INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES ($1, $2, $3, $4)", [
    account.id,
    account.name,
    account.creditsThreshold,
    epochMs(account.createdAt),
  ]);
}

export async function getAccount(db: Queryable, accountId: string): Promise<Account | undefined> {
  const result = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [
    accountId,
  ]);
  const row = result.rows[0];
  return row && toAccount(row);
}

export async function listAccounts(db: Queryable): Promise<Account[]> {
  const result = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id`,
  );
  return result.rows.map(toAccount);
}

export async function setCreditsThreshold(
  db: Queryable,
  accountId: string,
  threshold: number,
): Promise<Account | undefined> {
  const result = await db.query<AccountRow>(
    `UPDATE accounts SET credits_threshold = $2 WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [accountId, threshold],
  );
  const row = result.rows[0];
  return row && toAccount(row);
}

export async function createApiKey(db: Queryable, key: ApiKeyRecord): Promise<void> {
  await db.query(`INSERT INTO api_keys (${API_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    key.id,
    key.accountId,
    key.kind,
    key.hash,
    key.prefix,
    key.name,
    epochMs(key.createdAt),
    key.revokedAt === null ? null : epochMs(key.revokedAt),
  ]);
}

export async function findApiKeyByHash(db: Queryable, hash: string): Promise<ApiKeyRecord | undefined> {
  const result = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE hash = $1`, [hash]);
  const row = result.rows[0];
  return row && toApiKey(row);
}

export async function listApiKeys(db: Queryable, accountId: string): Promise<ApiKeyRecord[]> {
  const result = await db.query<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY created_at, id`,
    [accountId],
  );
  return result.rows.map(toApiKey);
}

/** True when the key exists in this account (revoking an already revoked key keeps its first time). */
export async function revokeApiKey(
  db: Queryable,
  accountId: string,
  keyId: string,
  now: EpochMs,
): Promise<boolean> {
  const result = await db.query(
    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $2 AND account_id = $1",
    [accountId, keyId, epochMs(now)],
  );
  return (result.rowCount ?? 0) > 0;
}

export function postgresAccountMethods({ pool }: PostgresContext): AccountStore {
  return {
    createAccount: (account) => createAccount(pool, account),
    getAccount: (accountId) => getAccount(pool, accountId),
    listAccounts: () => listAccounts(pool),
    setCreditsThreshold: (accountId, threshold) => setCreditsThreshold(pool, accountId, threshold),
    createApiKey: (key) => createApiKey(pool, key),
    findApiKeyByHash: (hash) => findApiKeyByHash(pool, hash),
    listApiKeys: (accountId) => listApiKeys(pool, accountId),
    revokeApiKey: (accountId, keyId, now) => revokeApiKey(pool, accountId, keyId, now),
  };
}
