import { utf8Encode } from "../encoding/bytes.js";
import { WebhookVerificationError } from "../verify/webhook-error.js";
import { importHmacKey } from "./hmac-sha256.js";

/**
 * An endpoint secret, or several during a rotation. A string secret's key is its UTF-8 bytes
 * (exactly as the source document's `secret.encode('utf-8')`), whatever it looks like (even `whsec_...`).
 */
export type WebhookSecrets = string | Uint8Array | readonly (string | Uint8Array)[];

/** HMAC keys ready to use, in the order of the secrets they come from. */
export type SigningKeys = readonly CryptoKey[];

export type KeysOrError = { ok: true; keys: SigningKeys } | { ok: false; error: WebhookVerificationError };

function secretBytes(secret: unknown): Uint8Array | null {
  if (typeof secret === "string") return secret === "" ? null : utf8Encode(secret);
  if (secret instanceof Uint8Array) return secret.length === 0 ? null : secret;
  return null;
}

/**
 * Imports every secret as an HMAC key; an error value when there is none, one is empty or not a
 * string, or the runtime has no Web Crypto. Never throws.
 */
export async function importSigningKeys(secrets: WebhookSecrets): Promise<KeysOrError> {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  const bytes = list.map(secretBytes);
  if (bytes.length === 0 || bytes.some((key) => key === null)) {
    const message = "secrets must be a non-empty string (or Uint8Array), or a non-empty list of them";
    return { ok: false, error: new WebhookVerificationError("invalid_secret", message) };
  }
  try {
    return { ok: true, keys: await Promise.all((bytes as Uint8Array[]).map(importHmacKey)) };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/^@voicehire\/webhooks: /, "") : String(error);
    return { ok: false, error: new WebhookVerificationError("crypto_unavailable", message) };
  }
}
