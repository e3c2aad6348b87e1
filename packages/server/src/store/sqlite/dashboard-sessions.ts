import {
  DASHBOARD_SESSION_COLUMNS,
  type DashboardSessionRow,
  toDashboardSession,
} from "../dashboard-session-rows.js";
import type { DashboardSessionStore } from "../port/dashboard-sessions.js";
import type { SqliteContext } from "./sqlite-context.js";

const COLUMNS = DASHBOARD_SESSION_COLUMNS;

/** Sessions in the SQLite file; `now` is always passed in. */
export function sqliteDashboardSessionMethods({ statement }: SqliteContext): DashboardSessionStore {
  return {
    async createDashboardSession(session) {
      statement(`INSERT INTO dashboard_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
        session.id,
        session.accountId,
        session.keyHash,
        session.createdAt,
        session.expiresAt,
      );
    },

    async findDashboardSession(sessionId, now) {
      const row = statement(`SELECT ${COLUMNS} FROM dashboard_sessions WHERE id = ? AND expires_at > ?`).get(
        sessionId,
        now,
      ) as DashboardSessionRow | undefined;
      return row === undefined ? undefined : toDashboardSession(row);
    },

    async endDashboardSession(accountId, sessionId) {
      const result = statement("DELETE FROM dashboard_sessions WHERE id = ? AND account_id = ?").run(
        sessionId,
        accountId,
      );
      return result.changes > 0;
    },

    async deleteExpiredDashboardSessions(now) {
      return statement("DELETE FROM dashboard_sessions WHERE expires_at <= ?").run(now).changes;
    },
  };
}
