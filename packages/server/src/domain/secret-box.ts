import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Seals endpoint secrets with AES-256-GCM under the deployment's master key, so the store only ever
 * holds ciphertext. Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 *
 * Anything else the service seals uses a box of its own (`derive`), keyed by HKDF-SHA256 of the master
 * key with a label per purpose: what one box sealed, no other box can open (a sealed endpoint secret
 * is never a valid session, and the reverse). Endpoint secrets keep the master key itself, so every
 * secret sealed before derived boxes existed still opens.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** The box of another purpose, under a key derived from this box's own (the same box each call). */
  derive(purpose: SealingPurpose): SecretBox;
}

/** What a derived box seals; each label gives an unrelated key. */
export type SealingPurpose = "dashboard sessions";

const VERSION = "v1";

function deriveKey(masterKey: Buffer, purpose: SealingPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, "", `voicehire-webhooks ${purpose}`, 32));
}

export function createSecretBox(masterKey: Uint8Array): SecretBox {
  if (masterKey.length !== 32) {
    throw new Error(`voicehire-webhooks: the master key must be 32 bytes, got ${masterKey.length}`);
  }
  const key = Buffer.from(masterKey);
  const derived = new Map<SealingPurpose, SecretBox>();
  return {
    derive(purpose) {
      let box = derived.get(purpose);
      if (box === undefined) {
        box = createSecretBox(deriveKey(key, purpose));
        derived.set(purpose, box);
      }
      return box;
    },
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
