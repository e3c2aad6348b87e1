import { SIGNATURE_SCHEMES } from "../../domain/signature-scheme.js";
import { nullable, object, oneOf, text, time } from "./doc-schemas.js";

const publicKey = text(
  "The public key `webhook-signature`'s `v1a,` signatures verify with: `whpk_` + base64 of the raw 32-byte Ed25519 key. Not a secret.",
  { pattern: "^whpk_[A-Za-z0-9+/]{43}=$" },
);

/** The signature fields of an endpoint's representation. */
export const signatureSchemeProperties = {
  signature_scheme: oneOf(
    SIGNATURE_SCHEMES,
    "`hmac`: `webhook-signature` carries `v1,` HMAC signatures of the secret; `ed25519`: `v1a,` Ed25519 signatures, checked with `public_key`.",
  ),
  public_key: nullable(publicKey),
};

/** The answer of `POST /v1/endpoints/{id}/signing-key/rotate`. */
export const rotatedSigningKey = object(
  {
    public_key: publicKey,
    previous_expires_at: nullable(
      time("When the previous key stops signing; null when it stopped at once (grace period 0)."),
    ),
  },
  "The endpoint's new public key.",
);
