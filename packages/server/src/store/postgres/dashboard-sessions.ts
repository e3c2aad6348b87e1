import { DASHBOARD_SESSION_COLUMNS, toDashboardSession } from "../dashboard-session-rows.js";
import type { DashboardSessionRecord, DashboardSessionStore } from "../port/dashboard-sessions.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { queryFirst } from "./query-rows.js";
import { epochMs } from "./rows.js";

/** Sessions in PostgreSQL; `now` is always passed in (never the database clock). */
export async function createDashboardSession(db: Queryable, session: DashboardSessionRecord): Promise<void> {
  await db.query(
    `INSERT INTO dashboard_sessions (${DASHBOARD_SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`,
    [session.id, session.accountId, session.keyHash, epochMs(session.createdAt), epochMs(session.expiresAt)],
  );
}

export async function endDashboardSession(
  db: Queryable,
  accountId: string,
  sessionId: string,
): Promise<boolean> {
  const result = await db.query("DELETE FROM dashboard_sessions WHERE id = $1 AND account_id = $2", [
    sessionId,
    accountId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function deleteExpiredDashboardSessions(db: Queryable, now: number): Promise<number> {
  const result = await db.query("DELETE FROM dashboard_sessions WHERE expires_at <= $1", [epochMs(now)]);
  return result.rowCount ?? 0;
}

export function postgresDashboardSessionMethods({ pool: db }: PostgresContext): DashboardSessionStore {
  return {
    createDashboardSession: (session) => createDashboardSession(db, session),
    findDashboardSession: (sessionId, now) =>
      queryFirst(
        db,
        `SELECT ${DASHBOARD_SESSION_COLUMNS} FROM dashboard_sessions WHERE id = $1 AND expires_at > $2`,
        [sessionId, epochMs(now)],
        toDashboardSession,
      ),
    endDashboardSession: (accountId, sessionId) => endDashboardSession(db, accountId, sessionId),
    deleteExpiredDashboardSessions: (now) => deleteExpiredDashboardSessions(db, now),
  };
}
