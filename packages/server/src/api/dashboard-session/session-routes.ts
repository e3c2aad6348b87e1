import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Account, ApiKeyRecord } from "../../domain/types.js";
import { liveApiKey } from "../../services/live-api-key.js";
import type { Store } from "../../store/port.js";
import { csrfProblem, dashboardProblem, sendDashboardProblem } from "./dashboard-problem.js";
import { liveSessionKey } from "./session-authentication.js";
import {
  carriesCsrfToken,
  clearSessionCookieValue,
  DASHBOARD_HEADER,
  type SessionCookieDeps,
  sessionOf,
  setSessionCookieValue,
} from "./session-cookie.js";
import {
  newCsrfToken,
  newSessionId,
  SESSION_LIFETIME_MS,
  type SessionClaims,
  sealSession,
} from "./session-token.js";
import { signInKeyOf } from "./sign-in-request.js";

/**
 * The dashboard's sign-in, outside `/v1` (no bearer key needed):
 * - POST /dashboard/session `{ api_key }` with header `X-VoiceHire-Dashboard: 1` → 200 and the
 *   session cookie; only an account's own, unrevoked key signs in.
 * - GET /dashboard/session → `{ signed_in: true, account, key, csrf_token, expires_at,
 *   development_mode }`, or `{ signed_in: false, development_mode }` (200 either way: the page asks
 *   at load time, and a signed-out visitor is not an error).
 * - DELETE /dashboard/session (CSRF token required when the session is valid) → 204, cookie cleared
 *   and the session ended on the server (its record deleted).
 */
export interface SessionRouteDeps extends SessionCookieDeps {
  readonly store: Store;
}

function sessionView(deps: SessionRouteDeps, claims: SessionClaims, account: Account, key: ApiKeyRecord) {
  return {
    signed_in: true as const,
    account: { id: account.id, name: account.name },
    key: { id: key.id, name: key.name, prefix: key.prefix },
    csrf_token: claims.csrfToken,
    expires_at: new Date(claims.expiresAt).toISOString(),
    development_mode: deps.developmentMode,
  };
}

function hasDashboardHeader(request: FastifyRequest): boolean {
  return request.headers[DASHBOARD_HEADER] === "1";
}

function missingDashboardHeader(reply: FastifyReply): FastifyReply {
  return sendDashboardProblem(
    reply,
    dashboardProblem(
      400,
      "invalid_request",
      "X-VoiceHire-Dashboard",
      "header must be 1 (sent by the dashboard page)",
    ),
  );
}

function badKey(reply: FastifyReply, message: string): FastifyReply {
  return sendDashboardProblem(reply, dashboardProblem(401, "unauthorized", "api_key", message));
}

async function signIn(deps: SessionRouteDeps, request: FastifyRequest, reply: FastifyReply) {
  if (!hasDashboardHeader(request)) return missingDashboardHeader(reply);
  const token = signInKeyOf(request.body);
  if (token === undefined) {
    return sendDashboardProblem(
      reply,
      dashboardProblem(400, "invalid_request", "api_key", "is required: paste an API key (vhk_…)"),
    );
  }
  const live = await liveApiKey(deps.store, token);
  if (live === undefined) return badKey(reply, "is not a valid API key");
  const { key, account } = live;
  if (key.kind !== "account") return badKey(reply, "is an admin key: sign in with an account's API key");
  const now = deps.clock.now();
  const claims: SessionClaims = {
    sessionId: newSessionId(),
    keyHash: key.hash,
    accountId: key.accountId,
    csrfToken: newCsrfToken(),
    expiresAt: now + SESSION_LIFETIME_MS,
  };
  // Sign-in is when expired sessions go: the table holds live sessions and a few stale ones at most.
  await deps.store.deleteExpiredDashboardSessions(now);
  await deps.store.createDashboardSession({
    id: claims.sessionId,
    accountId: claims.accountId,
    keyHash: claims.keyHash,
    createdAt: now,
    expiresAt: claims.expiresAt,
  });
  return reply
    .header("cache-control", "no-store")
    .header("set-cookie", setSessionCookieValue(deps, sealSession(deps.secretBox, claims), claims))
    .send(sessionView(deps, claims, account, key));
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  app.post("/dashboard/session", (request, reply) => signIn(deps, request, reply));

  app.get("/dashboard/session", async (request, reply) => {
    reply.header("cache-control", "no-store");
    const claims = sessionOf(deps, request);
    const live = claims === undefined ? undefined : await liveSessionKey(deps, claims);
    if (claims === undefined || live === undefined) {
      return reply.send({ signed_in: false, development_mode: deps.developmentMode });
    }
    return reply.send(sessionView(deps, claims, live.account, live.key));
  });

  app.delete("/dashboard/session", async (request, reply) => {
    const claims = sessionOf(deps, request);
    if (claims !== undefined && !carriesCsrfToken(request, claims)) {
      return sendDashboardProblem(reply, csrfProblem());
    }
    if (claims === undefined && !hasDashboardHeader(request)) return missingDashboardHeader(reply);
    // Ends the session on the server: a copy of this cookie kept anywhere stops working too.
    if (claims !== undefined) await deps.store.endDashboardSession(claims.accountId, claims.sessionId);
    return reply
      .code(204)
      .header("cache-control", "no-store")
      .header("set-cookie", clearSessionCookieValue(deps))
      .send();
  });
}
