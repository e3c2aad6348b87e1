import { randomBytes } from "node:crypto";
import type { SecretBox } from "../domain/secret-box.js";
import type { EpochMs } from "../domain/types.js";

/**
 * A dashboard session is stateless: its claims are sealed (AES-256-GCM, authenticated) with the
 * deployment's secret box, so only this service can read or forge one. It names the API key the user
 * signed in with by its hash (never the key), so revoking that key ends every session made with it.
 */
export interface SessionClaims {
  /** SHA-256 hex of the API key used to sign in. */
  readonly keyHash: string;
  readonly accountId: string;
  /** Must come back in the `X-VoiceHire-CSRF` header of every unsafe request made with the cookie. */
  readonly csrfToken: string;
  readonly expiresAt: EpochMs;
}

/** How long a session lasts after sign-in (absolute, not sliding). */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

const VERSION = 1;

export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

export function sealSession(box: SecretBox, claims: SessionClaims): string {
  return box.seal(
    JSON.stringify({
      v: VERSION,
      h: claims.keyHash,
      a: claims.accountId,
      c: claims.csrfToken,
      e: claims.expiresAt,
    }),
  );
}

function isClaimsJson(value: unknown): value is { v: number; h: string; a: string; c: string; e: number } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === VERSION &&
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
    parsed = JSON.parse(box.open(sealed));
  } catch {
    return undefined;
  }
  if (!isClaimsJson(parsed) || parsed.e <= now) return undefined;
  return { keyHash: parsed.h, accountId: parsed.a, csrfToken: parsed.c, expiresAt: parsed.e };
}
