import type { SecretBox } from "../domain/secret-box.js";

export type OpenedSecrets<T = string> =
  | { readonly kind: "opened"; readonly secrets: readonly T[] }
  | { readonly kind: "unreadable"; readonly message: string };

/**
 * Opens an endpoint's sealed secrets (newest first, several during a rotation), remembering the last
 * few sets (AES-GCM per delivery is wasted work on the hot path), each made into what its user needs
 * (`decode`, e.g. an HMAC key) once per set too. No secret (an endpoint without one) opens to no
 * secrets: deliveries are not signed.
 */
export function createSecretOpener<T = string>(
  secretBox: SecretBox,
  maxEntries = 1000,
  decode: (plain: string) => T = (plain) => plain as T,
): (sealed: readonly string[]) => OpenedSecrets<T> {
  const opened = new Map<string, OpenedSecrets<T>>();
  const none: OpenedSecrets<T> = { kind: "opened", secrets: [] };
  return (sealed) => {
    if (sealed.length === 0) return none;
    // Sealed secrets never contain a space (`v1.<base64url>...`): the joined list is a safe key. One
    // secret (no rotation under way) is its own key, without joining.
    const key = sealed.length === 1 ? (sealed[0] as string) : sealed.join(" ");
    const known = opened.get(key);
    if (known !== undefined) return known;
    try {
      const result: OpenedSecrets<T> = {
        kind: "opened",
        secrets: sealed.map((one) => decode(secretBox.open(one))),
      };
      if (opened.size >= maxEntries) opened.clear();
      opened.set(key, result);
      return result;
    } catch (error) {
      // The message of a decryption failure never contains the secret.
      return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
    }
  };
}
