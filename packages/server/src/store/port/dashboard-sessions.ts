import type { EpochMs } from "../../domain/types.js";

/**
 * A signed-in dashboard session, kept so that signing out ends it for good: the cookie alone is not
 * enough, its session must still be recorded. The id is not a secret by itself (a cookie must also be
 * sealed with the session key, which never reaches the store), so it is kept as it is.
 */
export interface DashboardSessionRecord {
  readonly id: string;
  readonly accountId: string;
  /** SHA-256 hex of the API key the session was made with. */
  readonly keyHash: string;
  readonly createdAt: EpochMs;
  readonly expiresAt: EpochMs;
}

/** The Store port's part for dashboard sessions. */
export interface DashboardSessionStore {
  createDashboardSession(session: DashboardSessionRecord): Promise<void>;
  /** The session with this id, when it was not ended and expires after `now`. */
  findDashboardSession(sessionId: string, now: EpochMs): Promise<DashboardSessionRecord | undefined>;
  /** Ends (deletes) the account's session; false when there was none. */
  endDashboardSession(accountId: string, sessionId: string): Promise<boolean>;
  /** Deletes every session expired at `now`; answers how many. */
  deleteExpiredDashboardSessions(now: EpochMs): Promise<number>;
}
