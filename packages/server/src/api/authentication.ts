import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Account, ApiKeyRecord } from "../domain/types.js";
import { createLiveApiKeyCache, type LiveApiKeyCache } from "../services/live-api-key.js";
import type { Store } from "../store/port.js";
import { ACCOUNT_HEADER, type RouteAccess, resolveActingAccount } from "./acting-account.js";
import { sendDashboardProblem } from "./dashboard-session/dashboard-problem.js";
import {
  authenticateSessionCookie,
  type SessionAuthenticationDeps,
} from "./dashboard-session/session-authentication.js";
import { fieldProblem, sendProblem } from "./problem.js";

/**
 * Authentication of every `/v1/*` request, before its body is read: `Authorization: Bearer <API key>`.
 * A missing, malformed, unknown or revoked key answers 401 naming the `Authorization` header. Then the
 * route's `config.access` and the `VoiceHire-Account` header decide which account the request acts for
 * (see acting-account.ts: admin keys act for the account they name).
 */
declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call this `/v1` route; default `"account"` (see `RouteAccess`). */
    readonly access?: RouteAccess;
  }
}

/** The authenticated caller of a `/v1/*` request. */
export interface Caller {
  /** The API key that authenticated the request (rate limits count per key). */
  readonly key: ApiKeyRecord;
  /** The account the request acts for; null only for an admin key on a route that needs no account. */
  readonly account: Account | null;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** The caller of a `/v1/*` request, or undefined on the unauthenticated routes. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  return callers.get(request);
}

/** The account a `/v1/*` request acts for (set by the hook before any handler runs). */
export function accountOf(request: FastifyRequest): Account {
  const account = callers.get(request)?.account;
  if (account === undefined || account === null) {
    throw new Error("a /v1 route read the account without an authenticated account");
  }
  return account;
}

/** The API key of a `/v1/*` request. */
export function apiKeyOf(request: FastifyRequest): ApiKeyRecord {
  const caller = callers.get(request);
  if (caller === undefined) throw new Error("a /v1 route ran without authentication");
  return caller.key;
}

const BEARER = /^Bearer +(\S+) *$/i;

type KeyCheck =
  | { readonly kind: "authenticated"; readonly key: ApiKeyRecord; readonly keyAccount: Account }
  | { readonly kind: "rejected"; readonly message: string };

/** The live key behind a token, or why the token is refused. */
async function authenticateBearer(keys: LiveApiKeyCache, header: string | undefined): Promise<KeyCheck> {
  if (header === undefined || header === "") {
    return { kind: "rejected", message: "header is missing: send Authorization: Bearer <API key>" };
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) return { kind: "rejected", message: "header must be Bearer <API key>" };
  const live = await keys.liveApiKey(token);
  if (live === undefined) return { kind: "rejected", message: "header does not carry a valid API key" };
  return { kind: "authenticated", key: live.key, keyAccount: live.account };
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  return sendProblem(reply.header("www-authenticate", 'Bearer realm="voicehire-webhooks"'), {
    ...fieldProblem(401, "unauthorized", "Authorization", message),
  });
}

/**
 * The routes whose success changes what a cached key stands for (its revocation, its account): the
 * cache is emptied before their answer leaves, so this process never serves the old state after it.
 */
const ROUTES_CHANGING_KEYS = new Set(["DELETE /v1/api-keys/:id", "PATCH /v1/account"]);

export function addBearerAuthentication(
  app: FastifyInstance,
  deps: { readonly store: Store; readonly keyCacheClock?: () => number } & SessionAuthenticationDeps,
): void {
  // Keys are served from memory; another process's revocation is seen within 1 s (live-api-key.ts).
  const keys = createLiveApiKeyCache(deps.store, deps.keyCacheClock ? { now: deps.keyCacheClock } : {});
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode < 300 && ROUTES_CHANGING_KEYS.has(`${request.method} ${request.routeOptions.url}`)) {
      keys.forgetAll();
    }
    return payload;
  });
  app.addHook("onRequest", async (request, reply) => {
    // The matched route's pattern, not the raw URL: no spelling of a path can skip the check.
    if (request.routeOptions.url?.startsWith("/v1/") !== true) return;
    const header = request.headers.authorization;
    // Without the header, the dashboard's session cookie stands in for it (api/dashboard-session/).
    const session =
      header === undefined || header === "" ? await authenticateSessionCookie(deps, request) : null;
    if (session?.kind === "rejected") return sendDashboardProblem(reply, session.problem);
    const checked: KeyCheck =
      session?.kind === "authenticated"
        ? { kind: "authenticated", key: session.key, keyAccount: session.account }
        : await authenticateBearer(keys, header);
    if (checked.kind === "rejected") return unauthorized(reply, checked.message);
    const acting = await resolveActingAccount({
      key: checked.key,
      keyAccount: checked.keyAccount,
      header: request.headers[ACCOUNT_HEADER.toLowerCase()],
      access: request.routeOptions.config.access ?? "account",
      getAccount: (accountId) => deps.store.getAccount(accountId),
    });
    if (acting.kind === "rejected") return sendProblem(reply, acting.problem);
    callers.set(request, { key: checked.key, account: acting.account });
  });
}
