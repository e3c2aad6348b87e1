import { fromBase64 } from "../encoding/bytes.js";
import { plain, subtle } from "./web-crypto.js";

/**
 * An `ed25519` endpoint's public key, as the dashboard and the API show it: `whpk_` + base64 of the raw
 * 32-byte key. It verifies `v1a,` signatures and cannot sign, so it need not be kept secret.
 */
export interface Ed25519PublicKey {
  readonly publicKey: string;
}

const PREFIX = "whpk_";

export function isEd25519PublicKey(value: unknown): value is Ed25519PublicKey {
  return typeof value === "object" && value !== null && "publicKey" in value;
}

/** The raw 32 bytes of a `whpk_...` text, or null when it is not one. */
export function publicKeyBytes(text: unknown): Uint8Array | null {
  if (typeof text !== "string" || !text.startsWith(PREFIX)) return null;
  const bytes = fromBase64(text.slice(PREFIX.length));
  return bytes !== null && bytes.length === 32 ? bytes : null;
}

export function importEd25519PublicKey(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey("raw", plain(raw), { name: "Ed25519" }, false, ["verify"]);
}

export function isEd25519Key(key: CryptoKey): boolean {
  return key.algorithm.name === "Ed25519";
}

/** Whether `signature` (64 bytes) is `key`'s Ed25519 signature of `content`. */
export async function ed25519Verifies(
  key: CryptoKey,
  signature: Uint8Array,
  content: Uint8Array,
): Promise<boolean> {
  return subtle().verify({ name: "Ed25519" }, key, plain(signature), plain(content));
}
