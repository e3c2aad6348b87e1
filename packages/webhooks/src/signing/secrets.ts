import { utf8Encode } from "../encoding/bytes.js";
import { WebhookVerificationError } from "../verify/webhook-error.js";
import {
  type Ed25519PublicKey,
  importEd25519PublicKey,
  isEd25519PublicKey,
  publicKeyBytes,
} from "./ed25519-public-key.js";
import { importHmacKey } from "./hmac-sha256.js";

/**
 * An endpoint secret, or several during a rotation: what signs. A string secret's key is its UTF-8
 * bytes (exactly as the source document's `secret.encode('utf-8')`), whatever it looks like (even
 * `whsec_...` or `whpk_...`).
 */
export type SigningSecrets = string | Uint8Array | readonly (string | Uint8Array)[];

/** One key a receiver verifies with: a secret (HMAC), or an `ed25519` endpoint's `{ publicKey: "whpk_..." }`. */
export type WebhookKey = string | Uint8Array | Ed25519PublicKey;

/** What verifies: one key, or several during a rotation (secrets and public keys may be mixed). */
export type WebhookSecrets = WebhookKey | readonly WebhookKey[];

/** Keys ready to use (HMAC, or Ed25519 public keys), in the order of the secrets they come from. */
export type SigningKeys = readonly CryptoKey[];

export type KeysOrError = { ok: true; keys: SigningKeys } | { ok: false; error: WebhookVerificationError };

const NO_SECRET = "secrets must be a non-empty string (or Uint8Array), or a non-empty list of them";
const BAD_PUBLIC_KEY = "publicKey must be whpk_ followed by the base64 of a 32-byte Ed25519 public key";

function secretBytes(secret: unknown): Uint8Array | null {
  if (typeof secret === "string") return secret === "" ? null : utf8Encode(secret);
  if (secret instanceof Uint8Array) return secret.length === 0 ? null : secret;
  return null;
}

type KeyMaterial = { kind: "hmac" | "ed25519"; bytes: Uint8Array } | { kind: "invalid"; message: string };

function keyMaterial(key: unknown, publicKeys: boolean): KeyMaterial {
  if (publicKeys && isEd25519PublicKey(key)) {
    const bytes = publicKeyBytes(key.publicKey);
    return bytes === null ? { kind: "invalid", message: BAD_PUBLIC_KEY } : { kind: "ed25519", bytes };
  }
  const bytes = secretBytes(key);
  return bytes === null ? { kind: "invalid", message: NO_SECRET } : { kind: "hmac", bytes };
}

async function importKeys(secrets: unknown, publicKeys: boolean): Promise<KeysOrError> {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  const materials = list.map((key) => keyMaterial(key, publicKeys));
  const usable = materials.flatMap((m) => (m.kind === "invalid" ? [] : [m]));
  if (materials.length === 0 || usable.length < materials.length) {
    const invalid = materials.find((m) => m.kind === "invalid");
    const message = invalid?.kind === "invalid" ? invalid.message : NO_SECRET;
    return { ok: false, error: new WebhookVerificationError("invalid_secret", message) };
  }
  try {
    const imports = usable.map((m) =>
      m.kind === "ed25519" ? importEd25519PublicKey(m.bytes) : importHmacKey(m.bytes),
    );
    return { ok: true, keys: await Promise.all(imports) };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/^@voicehire\/webhooks: /, "") : String(error);
    return { ok: false, error: new WebhookVerificationError("crypto_unavailable", message) };
  }
}

/**
 * Imports every secret as an HMAC key; an error value when there is none, one is empty or not a
 * string, or the runtime has no Web Crypto. Never throws.
 */
export function importSigningKeys(secrets: SigningSecrets): Promise<KeysOrError> {
  return importKeys(secrets, false);
}

/**
 * Imports the keys a receiver verifies with: secrets as HMAC keys, `{ publicKey: "whpk_..." }` as
 * Ed25519 public keys; an error value when there is none or one is malformed. Never throws.
 */
export function importVerificationKeys(secrets: WebhookSecrets): Promise<KeysOrError> {
  return importKeys(secrets, true);
}
