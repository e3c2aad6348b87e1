import type { KeyObject } from "node:crypto";
import type { SecretBox } from "../domain/secret-box.js";
import { privateKeyOf } from "../domain/signing-key-pair.js";
import { createSecretOpener, type OpenedSecrets } from "./secret-opener.js";

/** The keys, or why they cannot be opened (as for secrets). */
export type OpenedSigningKeys =
  | { readonly kind: "opened"; readonly keys: readonly KeyObject[] }
  | Extract<OpenedSecrets, { kind: "unreadable" }>;

type SigningKeyOpener = (sealed: readonly string[] | undefined) => OpenedSigningKeys;

/**
 * Opens an `ed25519` endpoint's sealed private keys (current first) into key objects. The secret
 * opener remembers the unsealed texts; the parsed keys are remembered too, since parsing a key per
 * delivery would be wasted work on the hot path.
 */
export function createSigningKeyOpener(secretBox: SecretBox, maxEntries = 1000): SigningKeyOpener {
  const openTexts = createSecretOpener(secretBox, maxEntries);
  const parsed = new Map<string, readonly KeyObject[]>();
  const none: OpenedSigningKeys = { kind: "opened", keys: [] };
  return (sealed) => {
    // An hmac endpoint's claim has no keys: its attempt pays for nothing here.
    if (sealed === undefined || sealed.length === 0) return none;
    const opened = openTexts(sealed);
    if (opened.kind === "unreadable") return opened;
    // Base64 texts never contain a space: the joined list is a safe key.
    const texts = opened.secrets.join(" ");
    let keys = parsed.get(texts);
    if (keys === undefined) {
      try {
        keys = opened.secrets.map(privateKeyOf);
      } catch (error) {
        // A parse failure never quotes the key.
        return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
      }
      if (parsed.size >= maxEntries) parsed.clear();
      parsed.set(texts, keys);
    }
    return { kind: "opened", keys };
  };
}
