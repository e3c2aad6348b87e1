import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Seals endpoint secrets with AES-256-GCM under the deployment's master key, so the store only ever
 * holds ciphertext. Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = "v1";

export function createSecretBox(masterKey: Uint8Array): SecretBox {
  if (masterKey.length !== 32) {
    throw new Error(`voicehire-webhooks: the master key must be 32 bytes, got ${masterKey.length}`);
  }
  const key = Buffer.from(masterKey);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new Error("voicehire-webhooks: a sealed secret has an unknown format");
      }
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, "base64url")),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

/** A new random master key (32 bytes), for development mode and `voicehire-webhooks` key generation. */
export function generateMasterKey(): Uint8Array {
  return randomBytes(32);
}
