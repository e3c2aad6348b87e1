import type { ObjectSchema, ValidationIssue } from "@voicehire/webhooks";
import type { EpochMs } from "../../domain/types.js";
import {
  type Conflict,
  conflict,
  type EmptyBody,
  invalidField,
  type NotFound,
  notFound,
  type ValidationFailure,
} from "../outcomes.js";
import { readBody } from "../request-body.js";
import type { EndpointDeps } from "./endpoint-deps.js";
import { generateEndpointSecret, MAX_SECRET_LENGTH, MIN_SECRET_LENGTH } from "./endpoint-fields.js";

/**
 * An endpoint's signing secret: reveal it, replace it at once, or rotate it with a grace period during
 * which deliveries carry a signature for the new secret and for the previous one (see
 * docs/secret-rotation.md for the procedure that never makes a receiver reject a delivery).
 */
export const DEFAULT_GRACE_PERIOD_SECONDS = 86_400;
export const MAX_GRACE_PERIOD_SECONDS = 30 * 86_400;
/** Rotations whose grace periods overlap: beyond this many previous secrets, a rotation is refused. */
export const MAX_ACTIVE_PREVIOUS_SECRETS = 5;

const secretSchema = { type: "string", minLength: MIN_SECRET_LENGTH, maxLength: MAX_SECRET_LENGTH } as const;

/** The body of `PUT /v1/endpoints/{id}/secret`: exactly one of them. */
export const setSecretRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    secret: {
      ...secretSchema,
      description: "The new secret (used as raw UTF-8 key bytes), or null to stop signing.",
    },
    generate: { type: "boolean", description: "true: VoiceHire generates the new secret." },
  },
  additionalProperties: false,
};

/** The body of `POST /v1/endpoints/{id}/secret/rotate`. */
export const rotateSecretRequestSchema: ObjectSchema = {
  type: "object",
  properties: {
    secret: { ...secretSchema, description: "The new secret; omitted: VoiceHire generates one." },
    grace_period_seconds: {
      type: "integer",
      minimum: 0,
      maximum: MAX_GRACE_PERIOD_SECONDS,
      description: `How long the previous secret keeps signing (default ${DEFAULT_GRACE_PERIOD_SECONDS}).`,
    },
  },
  additionalProperties: false,
};

export interface RevealedSecret {
  readonly kind: "revealed";
  /** Null when the endpoint does not sign. */
  readonly secret: string | null;
  /** When each previous secret still signing stops, newest first. */
  readonly previousExpiresAt: readonly EpochMs[];
}

export async function revealEndpointSecret(
  deps: EndpointDeps,
  accountId: string,
  endpointId: string,
): Promise<RevealedSecret | NotFound> {
  const endpoint = await deps.store.getEndpoint(accountId, endpointId);
  const previous = await deps.store.listPreviousSecrets(accountId, endpointId, deps.clock.now());
  if (endpoint === undefined || previous === undefined) return notFound("endpoint", endpointId);
  return {
    kind: "revealed",
    secret: endpoint.sealedSecret === null ? null : deps.secretBox.open(endpoint.sealedSecret),
    previousExpiresAt: previous.map((p) => p.expiresAt),
  };
}

/** Exactly one of `secret` and `generate: true`. */
function setSecretIssues(body: Readonly<Record<string, unknown>>): ValidationIssue[] {
  if (body.generate === true && body.secret !== undefined) {
    return [{ path: "generate", message: "cannot be combined with secret: give a secret or ask for one" }];
  }
  if (body.secret === undefined && (body.generate === undefined || body.generate === false)) {
    return [{ path: "secret", message: "is required (or send generate: true)" }];
  }
  return [];
}

/** Replaces the secret now, without grace: the previous secrets stop signing at once. */
export async function setEndpointSecret(
  deps: EndpointDeps,
  input: { readonly accountId: string; readonly endpointId: string; readonly body: unknown },
): Promise<RevealedSecret | ValidationFailure | NotFound | EmptyBody> {
  const read = readBody(input.body, setSecretRequestSchema, {
    expected: "a JSON object with secret or generate",
    nullable: ["secret"],
    check: setSecretIssues,
  });
  if (read.kind !== "read") return read;
  const { body } = read;
  const asksGenerated = body.generate === true;
  const secret = asksGenerated ? generateEndpointSecret() : (body.secret as string | null);
  const endpoint = await deps.store.updateEndpoint(
    input.accountId,
    input.endpointId,
    { sealedSecret: secret === null ? null : deps.secretBox.seal(secret) },
    deps.clock.now(),
  );
  if (endpoint === undefined) return notFound("endpoint", input.endpointId);
  return { kind: "revealed", secret, previousExpiresAt: [] };
}

/** A rotation body's `grace_period_seconds`, in milliseconds (the default when absent). */
export function gracePeriodMs(body: Readonly<Record<string, unknown>>): number {
  const seconds = body.grace_period_seconds;
  return (typeof seconds === "number" ? seconds : DEFAULT_GRACE_PERIOD_SECONDS) * 1000;
}

export interface RotatedSecret {
  readonly kind: "rotated";
  readonly secret: string;
  /** When the previous secret stops signing; null when there was none. */
  readonly previousExpiresAt: EpochMs | null;
}

export async function rotateEndpointSecret(
  deps: EndpointDeps,
  input: { readonly accountId: string; readonly endpointId: string; readonly body: unknown },
): Promise<RotatedSecret | ValidationFailure | NotFound | Conflict | EmptyBody> {
  // Every field has a default: no body at all rotates to a generated secret.
  const read = readBody(input.body ?? {}, rotateSecretRequestSchema);
  if (read.kind !== "read") return read;
  const { body } = read;
  const now = deps.clock.now();
  const endpoint = await deps.store.getEndpoint(input.accountId, input.endpointId);
  const previous = await deps.store.listPreviousSecrets(input.accountId, input.endpointId, now);
  if (endpoint === undefined || previous === undefined) return notFound("endpoint", input.endpointId);
  const secret = typeof body.secret === "string" ? body.secret : generateEndpointSecret();
  if (endpoint.sealedSecret !== null && deps.secretBox.open(endpoint.sealedSecret) === secret) {
    return invalidField("secret", "must differ from the current secret");
  }
  if (endpoint.sealedSecret !== null && previous.length >= MAX_ACTIVE_PREVIOUS_SECRETS) {
    return conflict(
      `the endpoint already has ${previous.length} previous secrets in their grace period: wait for one to end, or replace the secret (PUT /v1/endpoints/${input.endpointId}/secret)`,
    );
  }
  const graceMs = gracePeriodMs(body);
  const rotated = await deps.store.rotateEndpointSecret(input.accountId, input.endpointId, {
    sealedSecret: deps.secretBox.seal(secret),
    previousExpiresAt: now + graceMs,
    now,
  });
  if (rotated === undefined) return notFound("endpoint", input.endpointId);
  return {
    kind: "rotated",
    secret,
    previousExpiresAt: endpoint.sealedSecret === null || graceMs === 0 ? null : now + graceMs,
  };
}
