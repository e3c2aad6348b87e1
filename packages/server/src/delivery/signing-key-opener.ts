import type { KeyObject } from "node:crypto";
import type { SecretBox } from "../domain/secret-box.js";
import { privateKeyOf } from "../domain/signing-key-pair.js";

export type OpenedSigningKeys =
  | { readonly kind: "opened"; readonly keys: readonly KeyObject[] }
  | { readonly kind: "unreadable"; readonly message: string };

/**
 * Opens an `ed25519` endpoint's sealed private keys (current first) into key objects, remembering the
 * last few sets: unsealing and parsing a key per delivery would be wasted work on the hot path.
 */
export function createSigningKeyOpener(
  secretBox: SecretBox,
  maxEntries = 1000,
): (sealed: readonly string[] | undefined) => OpenedSigningKeys {
  const opened = new Map<string, readonly KeyObject[]>();
  const none: OpenedSigningKeys = { kind: "opened", keys: [] };
  return (sealed) => {
    if (sealed === undefined || sealed.length === 0) return none;
    // Sealed values never contain a space: the joined list is a safe key.
    const cacheKey = sealed.join(" ");
    const known = opened.get(cacheKey);
    if (known !== undefined) return { kind: "opened", keys: known };
    try {
      const keys = sealed.map((one) => privateKeyOf(secretBox.open(one)));
      if (opened.size >= maxEntries) opened.clear();
      opened.set(cacheKey, keys);
      return { kind: "opened", keys };
    } catch (error) {
      // Neither a decryption nor a parse failure quotes the key.
      return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
    }
  };
}
