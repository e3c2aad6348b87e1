import type { AccountStore } from "../port.js";
import { type AccountRow, type ApiKeyRow, toAccount, toApiKey } from "../record-mapping.js";
import type { SqliteContext } from "./sqlite-context.js";

const ACCOUNT_COLUMNS = "id, name, credits_threshold, created_at";
const API_KEY_COLUMNS = "id, account_id, kind, hash, prefix, name, created_at, revoked_at";

export function sqliteAccountMethods({ statement }: SqliteContext): AccountStore {
  return {
    async createAccount(account) {
      statement("INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES (?, ?, ?, ?)").run(
        account.id,
        account.name,
        account.creditsThreshold,
        account.createdAt,
      );
    },

    async getAccount(accountId) {
      const row = statement(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).get(accountId) as
        | AccountRow
        | undefined;
      return row === undefined ? undefined : toAccount(row);
    },

    async listAccounts() {
      const rows = statement(
        `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id`,
      ).all() as AccountRow[];
      return rows.map(toAccount);
    },

    async setCreditsThreshold(accountId, threshold) {
      const row = statement(
        `UPDATE accounts SET credits_threshold = ? WHERE id = ? RETURNING ${ACCOUNT_COLUMNS}`,
      ).get(threshold, accountId) as AccountRow | undefined;
      return row === undefined ? undefined : toAccount(row);
    },

    async createApiKey(key) {
      statement(
        "INSERT INTO api_keys (id, account_id, kind, hash, prefix, name, created_at, revoked_at) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ).run(key.id, key.accountId, key.kind, key.hash, key.prefix, key.name, key.createdAt, key.revokedAt);
    },

    async findApiKeyByHash(hash) {
      const row = statement(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE hash = ?`).get(hash) as
        | ApiKeyRow
        | undefined;
      return row === undefined ? undefined : toApiKey(row);
    },

    async listApiKeys(accountId) {
      const rows = statement(
        `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE account_id = ? ORDER BY created_at, id`,
      ).all(accountId) as ApiKeyRow[];
      return rows.map(toApiKey);
    },

    async revokeApiKey(accountId, keyId, now) {
      const result = statement(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND account_id = ?",
      ).run(now, keyId, accountId);
      return result.changes > 0;
    },
  };
}
