import type { DashboardSessionRecord } from "./port/dashboard-sessions.js";

/** A `dashboard_sessions` row, as both adapters read it (PostgreSQL's bigints arrive as numbers). */
export interface DashboardSessionRow {
  id: string;
  account_id: string;
  key_hash: string;
  created_at: number;
  expires_at: number;
}

export const DASHBOARD_SESSION_COLUMNS = "id, account_id, key_hash, created_at, expires_at";

export function toDashboardSession(row: DashboardSessionRow): DashboardSessionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
