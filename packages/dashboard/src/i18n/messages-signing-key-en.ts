import type { signingKeyFr } from "./messages-signing-key-fr";

/** The signature scheme and Ed25519 public key texts, in English; the type makes a missing or extra key a compile error. */
export const signingKeyEn: { readonly [K in keyof typeof signingKeyFr]: string } = {
  "signing_key.scheme": "webhook-signature scheme",
  "signing_key.scheme_help":
    "HMAC: your server verifies with the secret. Ed25519: VoiceHire signs with a key pair and your server verifies with the public key alone, which cannot sign. X-VoiceHire-Signature stays the HMAC of the secret.",
  "signing_key.scheme_hmac": "HMAC-SHA256 (v1, default)",
  "signing_key.scheme_ed25519": "Ed25519 (v1a, public key)",
  "signing_key.title": "Ed25519 public key",
  "signing_key.help":
    "Verify the v1a signatures of webhook-signature with this key. It is not a secret: you may publish it.",
  "signing_key.public_key": "Public key",
  "signing_key.rotate": "Renew the key pair",
  "signing_key.rotate_help":
    "A new pair is created; the previous key keeps signing for 24 hours (two v1a signatures), time to deploy the new public key.",
  "signing_key.rotated": "Pair renewed. The previous key keeps signing until {date}.",
};
