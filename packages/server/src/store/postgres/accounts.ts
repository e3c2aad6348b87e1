import type { Account, ApiKeyRecord, EpochMs } from "../../domain/types.js";
import type { AccountStore } from "../port.js";
import { toAccount, toApiKey } from "../record-mapping.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { queryFirst, queryRows } from "./query-rows.js";
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
    getAccount: (accountId) =>
      queryFirst(pool, `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [accountId], toAccount),
    listAccounts: () =>
      queryRows(pool, `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id`, [], toAccount),
    setCreditsThreshold: (accountId, threshold) =>
      queryFirst(
        pool,
        `UPDATE accounts SET credits_threshold = $2 WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
        [accountId, threshold],
        toAccount,
      ),
    createApiKey: (key) => createApiKey(pool, key),
    findApiKeyByHash: (hash) =>
      queryFirst(pool, `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE hash = $1`, [hash], toApiKey),
    listApiKeys: (accountId) =>
      queryRows(
        pool,
        `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY created_at, id`,
        [accountId],
        toApiKey,
      ),
    revokeApiKey: (accountId, keyId, now) => revokeApiKey(pool, accountId, keyId, now),
  };
}
