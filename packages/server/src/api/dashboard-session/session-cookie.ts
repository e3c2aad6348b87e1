import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Clock } from "../../domain/clock.js";
import type { SecretBox } from "../../domain/secret-box.js";
import { type CookieAttributes, readCookie, serializeSessionCookie } from "./cookies.js";
import { openSession, type SessionClaims } from "./session-token.js";

/**
 * Where the session travels: an HttpOnly, SameSite=Strict cookie. Outside development mode it is
 * also `Secure` and named with the `__Host-` prefix (the browser then refuses it unless it came over
 * HTTPS, from this exact host, for Path=/). Development mode serves plain HTTP on loopback, so there it
 * is a plain `vh_session`.
 */
export const CSRF_HEADER = "x-voicehire-csrf";
/** Sign-in and sign-out must carry this header (`1`): a cross-site form or image cannot send it. */
export const DASHBOARD_HEADER = "x-voicehire-dashboard";

export interface SessionCookieDeps {
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly developmentMode: boolean;
}

export function sessionCookieName(developmentMode: boolean): string {
  return developmentMode ? "vh_session" : "__Host-vh_session";
}

function attributes(deps: SessionCookieDeps, maxAgeSeconds: number): CookieAttributes {
  return { maxAgeSeconds, secure: !deps.developmentMode };
}

export function setSessionCookieValue(
  deps: SessionCookieDeps,
  sealed: string,
  claims: SessionClaims,
): string {
  const maxAgeSeconds = (claims.expiresAt - deps.clock.now()) / 1000;
  return serializeSessionCookie(
    sessionCookieName(deps.developmentMode),
    sealed,
    attributes(deps, maxAgeSeconds),
  );
}

export function clearSessionCookieValue(deps: SessionCookieDeps): string {
  return serializeSessionCookie(sessionCookieName(deps.developmentMode), "", attributes(deps, 0));
}

/** The request's session cookie, or undefined when it carries none. */
export function sessionCookieOf(deps: SessionCookieDeps, request: FastifyRequest): string | undefined {
  const value = readCookie(request.headers.cookie, sessionCookieName(deps.developmentMode));
  return value === undefined || value === "" ? undefined : value;
}

/** The claims of the request's session cookie, when it has a valid, unexpired one. */
export function sessionOf(deps: SessionCookieDeps, request: FastifyRequest): SessionClaims | undefined {
  const sealed = sessionCookieOf(deps, request);
  return sealed === undefined ? undefined : openSession(deps.secretBox, sealed, deps.clock.now());
}

/** True when the request's CSRF header equals the session's token (compared in constant time). */
export function carriesCsrfToken(request: FastifyRequest, claims: SessionClaims): boolean {
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== "string") return false;
  const given = Buffer.from(header, "utf8");
  const expected = Buffer.from(claims.csrfToken, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function isUnsafeMethod(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}
