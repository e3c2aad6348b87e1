import type { ObjectSchema } from "@voicehire/webhooks";
import type { SecretBox } from "../../domain/secret-box.js";
import type { SignatureScheme } from "../../domain/signature-scheme.js";
import { generateSigningKeyPair } from "../../domain/signing-key-pair.js";
import type { EndpointRecord, EpochMs, SigningKey } from "../../domain/types.js";
import {
  type Conflict,
  conflict,
  type EmptyBody,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "../outcomes.js";
import { readBody } from "../request-body.js";
import type { EndpointDeps } from "./endpoint-deps.js";
import { DEFAULT_GRACE_PERIOD_SECONDS, gracePeriodMs, MAX_GRACE_PERIOD_SECONDS } from "./endpoint-secrets.js";

/** A fresh key pair, its private key sealed: it is never stored nor shown in clear. */
export function newSigningKey(secretBox: SecretBox): SigningKey {
  const pair = generateSigningKeyPair();
  return { sealedPrivateKey: secretBox.seal(pair.privateKeyText), publicKey: pair.publicKey };
}

/**
 * The key change a requested scheme asks of an endpoint: a new key when it becomes `ed25519`, none
 * when it goes back to `hmac`, undefined when it keeps its scheme (its key is kept).
 */
export function signingKeyChange(
  requested: SignatureScheme | undefined,
  current: SignatureScheme,
  secretBox: SecretBox,
): SigningKey | null | undefined {
  if (requested === undefined || requested === current) return undefined;
  return requested === "ed25519" ? newSigningKey(secretBox) : null;
}

/** The body of `POST /v1/endpoints/{id}/signing-key/rotate`. */
export const rotateSigningKeyRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    grace_period_seconds: {
      type: "integer",
      minimum: 0,
      maximum: MAX_GRACE_PERIOD_SECONDS,
      description: `How long the previous key keeps signing (default ${DEFAULT_GRACE_PERIOD_SECONDS}).`,
    },
  },
  additionalProperties: false,
};

/** A new key pair for an `ed25519` endpoint; the previous key keeps signing during the grace period. */
export async function rotateEndpointSigningKey(
  deps: EndpointDeps,
  input: { readonly accountId: string; readonly endpointId: string; readonly body: unknown },
): Promise<RotatedSigningKey | ValidationFailure | NotFound | Conflict | EmptyBody> {
  const current = await deps.store.getEndpoint(input.accountId, input.endpointId);
  // No body at all rotates with the default grace period.
  const read = readBody(input.body ?? {}, rotateSigningKeyRequestSchema);
  if (read.kind !== "read") return read;
  if (current === undefined) return notFound("endpoint", input.endpointId);
  if (current.signingKey === undefined) {
    return conflict(
      'the endpoint signs with hmac: it has no key pair to rotate (set "signature_scheme": "ed25519" first, or rotate its secret)',
    );
  }
  const now = deps.clock.now();
  const graceMs = gracePeriodMs(read.body);
  const endpoint = await deps.store.rotateEndpointSigningKey(input.accountId, input.endpointId, {
    signingKey: newSigningKey(deps.secretBox),
    previousExpiresAt: now + graceMs,
    now,
  });
  if (endpoint === undefined) return notFound("endpoint", input.endpointId);
  return { kind: "rotated", endpoint, previousExpiresAt: graceMs === 0 ? null : now + graceMs };
}

export interface RotatedSigningKey {
  readonly kind: "rotated";
  readonly endpoint: EndpointRecord;
  /** When the previous key stops signing; null when it stopped at once (grace 0). */
  readonly previousExpiresAt: EpochMs | null;
}
