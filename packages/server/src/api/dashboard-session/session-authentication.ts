import type { FastifyRequest } from "fastify";
import type { Clock } from "../../domain/clock.js";
import type { Account, ApiKeyRecord } from "../../domain/types.js";
import { type LiveApiKey, liveApiKeyByHash } from "../../services/live-api-key.js";
import type { Store } from "../../store/port.js";
import { csrfProblem, type DashboardProblem, dashboardProblem } from "./dashboard-problem.js";
import {
  carriesCsrfToken,
  isUnsafeMethod,
  type SessionCookieDeps,
  sessionCookieOf,
  sessionOf,
} from "./session-cookie.js";
import type { SessionClaims } from "./session-token.js";

/**
 * The dashboard's way into the `/v1` API: a request without an `Authorization` header may carry the
 * session cookie instead. Unsafe methods also need the session's CSRF token in `X-VoiceHire-CSRF`
 * (SameSite=Strict already keeps the cookie off cross-site requests; the token is the second lock).
 * The recorded session and the API key behind it are checked on every request: signing out (which
 * deletes the record) or revoking the key ends the session, whatever copy of the cookie is replayed.
 */
export type SessionAuthentication =
  | { readonly kind: "no_session" }
  | { readonly kind: "authenticated"; readonly key: ApiKeyRecord; readonly account: Account }
  | { readonly kind: "rejected"; readonly problem: DashboardProblem };

export interface SessionAuthenticationDeps extends SessionCookieDeps {
  readonly store: Store;
}

/**
 * The account key a session was made with, if the session is still recorded (not signed out, not
 * expired) and the key still exists and is not revoked.
 */
export async function liveSessionKey(
  deps: { readonly store: Store; readonly clock: Clock },
  claims: SessionClaims,
): Promise<LiveApiKey | undefined> {
  const session = await deps.store.findDashboardSession(claims.sessionId, deps.clock.now());
  if (session === undefined || session.accountId !== claims.accountId || session.keyHash !== claims.keyHash) {
    return undefined;
  }
  const live = await liveApiKeyByHash(deps.store, claims.keyHash);
  // Only the account key the session was made with: an admin key never signs in to the dashboard.
  if (live === undefined || live.key.kind !== "account" || live.key.accountId !== claims.accountId) {
    return undefined;
  }
  return live;
}

export async function authenticateSessionCookie(
  deps: SessionAuthenticationDeps,
  request: FastifyRequest,
): Promise<SessionAuthentication> {
  if (sessionCookieOf(deps, request) === undefined) return { kind: "no_session" };
  const claims = sessionOf(deps, request);
  const live = claims === undefined ? undefined : await liveSessionKey(deps, claims);
  if (claims === undefined || live === undefined) {
    return {
      kind: "rejected",
      problem: dashboardProblem(
        401,
        "unauthorized",
        "Authorization",
        "header is missing and the dashboard session has expired or was ended: sign in again",
      ),
    };
  }
  if (isUnsafeMethod(request.method) && !carriesCsrfToken(request, claims)) {
    return { kind: "rejected", problem: csrfProblem() };
  }
  return { kind: "authenticated", key: live.key, account: live.account };
}
