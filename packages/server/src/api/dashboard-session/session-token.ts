import { randomBytes } from "node:crypto";
import type { SecretBox } from "../../domain/secret-box.js";
import type { EpochMs } from "../../domain/types.js";

/**
 * A dashboard session's cookie: its claims sealed (AES-256-GCM, authenticated) with the secret box's
 * own key for sessions (`derive("dashboard sessions")`, never the endpoint secrets' key), so only this
 * service can read or forge one. It names its recorded session (signing out deletes the record, which
 * ends the cookie) and the API key used to sign in by its hash (never the key), so revoking that key
 * ends every session made with it.
 */
export interface SessionClaims {
  /** The id of the session recorded in the store. */
  readonly sessionId: string;
  /** SHA-256 hex of the API key used to sign in. */
  readonly keyHash: string;
  readonly accountId: string;
  /** Must come back in the `X-VoiceHire-CSRF` header of every unsafe request made with the cookie. */
  readonly csrfToken: string;
  readonly expiresAt: EpochMs;
}

/** How long a session lasts after sign-in (absolute, not sliding). */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

// 2: sealed with the sessions' own key and naming a recorded session (1 was neither: no longer opens).
const VERSION = 2;

function sessionBox(box: SecretBox): SecretBox {
  return box.derive("dashboard sessions");
}

/** A new session id: 128 random bits. */
export function newSessionId(): string {
  return `ses_${randomBytes(16).toString("base64url")}`;
}

export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

export function sealSession(box: SecretBox, claims: SessionClaims): string {
  return sessionBox(box).seal(
    JSON.stringify({
      v: VERSION,
      s: claims.sessionId,
      h: claims.keyHash,
      a: claims.accountId,
      c: claims.csrfToken,
      e: claims.expiresAt,
    }),
  );
}

interface ClaimsJson {
  v: number;
  s: string;
  h: string;
  a: string;
  c: string;
  e: number;
}

function isClaimsJson(value: unknown): value is ClaimsJson {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === VERSION &&
    typeof v.s === "string" &&
    typeof v.h === "string" &&
    typeof v.a === "string" &&
    typeof v.c === "string" &&
    typeof v.e === "number"
  );
}

/** The claims of a sealed session that is authentic and not expired at `now`, or undefined. */
export function openSession(box: SecretBox, sealed: string, now: EpochMs): SessionClaims | undefined {
  if (sealed.length > 2048) return undefined;
  let parsed: unknown;
  try {
    // open() throws on anything that is not our own, untampered ciphertext.
    parsed = JSON.parse(sessionBox(box).open(sealed));
  } catch {
    return undefined;
  }
  if (!isClaimsJson(parsed) || parsed.e <= now) return undefined;
  return {
    sessionId: parsed.s,
    keyHash: parsed.h,
    accountId: parsed.a,
    csrfToken: parsed.c,
    expiresAt: parsed.e,
  };
}
