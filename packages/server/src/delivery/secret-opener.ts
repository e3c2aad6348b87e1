import type { SecretBox } from "../domain/secret-box.js";

export type OpenedSecrets =
  | { readonly kind: "opened"; readonly secrets: readonly string[] }
  | { readonly kind: "unreadable"; readonly message: string };

/**
 * Opens an endpoint's sealed secrets (newest first, several during a rotation), remembering the last
 * few sets (AES-GCM per delivery is wasted work on the hot path). No secret (an endpoint without one)
 * opens to no secrets: deliveries are not signed.
 */
export function createSecretOpener(
  secretBox: SecretBox,
  maxEntries = 1000,
): (sealed: readonly string[]) => OpenedSecrets {
  const opened = new Map<string, readonly string[]>();
  const none: OpenedSecrets = { kind: "opened", secrets: [] };
  return (sealed) => {
    if (sealed.length === 0) return none;
    // Sealed secrets never contain a space (`v1.<base64url>...`): the joined list is a safe key.
    const key = sealed.join(" ");
    const known = opened.get(key);
    if (known !== undefined) return { kind: "opened", secrets: known };
    try {
      const secrets = sealed.map((one) => secretBox.open(one));
      if (opened.size >= maxEntries) opened.clear();
      opened.set(key, secrets);
      return { kind: "opened", secrets };
    } catch (error) {
      // The message of a decryption failure never contains the secret.
      return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
    }
  };
}
