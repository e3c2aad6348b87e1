import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/** The prefix of an endpoint's public key as shown to customers (then base64 of the raw 32 bytes). */
export const PUBLIC_KEY_PREFIX = "whpk_";

export interface GeneratedKeyPair {
  /** Base64 PKCS#8 DER: the text sealed in the secret box. */
  readonly privateKeyText: string;
  /** `whpk_` + base64 of the raw 32-byte public key. */
  readonly publicKey: string;
}

/** A fresh Ed25519 key pair for an endpoint. */
export function generateSigningKeyPair(): GeneratedKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  return {
    privateKeyText: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    publicKey: PUBLIC_KEY_PREFIX + raw.toString("base64"),
  };
}

/** The private key of a `privateKeyText` (as sealed); throws on text that is not one. */
export function privateKeyOf(privateKeyText: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(privateKeyText, "base64"), format: "der", type: "pkcs8" });
}
