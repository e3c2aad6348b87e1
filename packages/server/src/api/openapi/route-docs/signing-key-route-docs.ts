import { rotateSigningKeyRequestSchema } from "../../../services/endpoints/endpoint-signing-key.js";
import { ref } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";
import { rotatedSigningKey } from "../signing-key-schemas.js";

/** An `ed25519` endpoint's key pair (routes/endpoint-signing-key-routes.ts). */
export const signingKeyRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/endpoints/{id}/signing-key/rotate",
    operationId: "rotateEndpointSigningKey",
    tag: "Endpoints",
    summary: "Rotate an ed25519 endpoint's key pair with a grace period",
    description:
      "VoiceHire generates a new key pair. Until `previous_expires_at`, `webhook-signature` carries a `v1a,` signature for each key, the new one first. Add the new public key to your receiver, then drop the old one after the grace period. The body may be omitted.",
    access: "account",
    pathParams: { id: "The endpoint's id (`ep_...`)." },
    body: rotateSigningKeyRequestSchema,
    bodyOptional: true,
    responses: [
      { status: 200, description: "The new public key.", schema: rotatedSigningKey },
      {
        status: 409,
        description: "`conflict`: the endpoint signs with `hmac` and has no key pair.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
];
