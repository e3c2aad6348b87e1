import { randomBytes } from "node:crypto";
import {
  EVENT_TYPES,
  isEventType,
  isPlainObject,
  type JsonSchema,
  type ObjectSchema,
  type ValidationIssue,
} from "@voicehire/webhooks";
import { validateEndpointUrl } from "../../domain/endpoint-url.js";
import { SIGNATURE_SCHEMES, type SignatureScheme } from "../../domain/signature-scheme.js";
import type { EndpointKind, EndpointOrdering } from "../../domain/types.js";
import type { EndpointPatch } from "../../store/port.js";
import type { EmptyBody, ValidationFailure } from "../outcomes.js";
import { readBody } from "../request-body.js";

/**
 * The fields of an endpoint as the API takes them (snake_case), checked in one pass so that every
 * problem is reported at once, each naming its field.
 */
export interface EndpointFields extends Omit<EndpointPatch, "sealedSecret" | "signingKey"> {
  /** Absent: `hmac` on create, unchanged on update. */
  readonly signatureScheme?: SignatureScheme;
  /** Create only: `push` (the default) or `pull`. */
  readonly kind?: EndpointKind;
  /** A secret given by the user; null asks for none (create) or removes it (update). */
  readonly secret?: string | null;
  readonly generateSecret?: boolean;
}

export const MAX_DESCRIPTION_LENGTH = 500;
export const MIN_SECRET_LENGTH = 8;
export const MAX_SECRET_LENGTH = 256;
/** Generated secrets: this prefix, then 32 random bytes in base64url. Never `whsec_` (our keys are raw bytes). */
export const GENERATED_SECRET_PREFIX = "vhsec_";
export const MAX_METADATA_KEYS = 20;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 500;

/** `metadata`: string keys to string values (checked further by `metadataIssues`: the schema subset has no maps). */
export const metadataSchema: ObjectSchema = {
  type: "object",
  properties: {},
  description: `Your own labels: an object of at most ${MAX_METADATA_KEYS} string values, keys of 1 to ${MAX_METADATA_KEY_LENGTH} characters, values of at most ${MAX_METADATA_VALUE_LENGTH}.`,
};

/** The values of `ordering` but null (null: not ordered). */
export const ENDPOINT_ORDERINGS = ["candidate", "campaign"] as const;

const orderingSchema: JsonSchema = {
  type: "string",
  enum: [...ENDPOINT_ORDERINGS],
  description:
    'null (the default): deliveries may arrive in any order. "candidate" / "campaign": deliveries of events with the same candidate_id / campaign_id are attempted strictly in publish order, each once the previous one has succeeded or finally failed; other candidates (campaigns) are not held back, and events without that field are not ordered. A change applies to deliveries of events published after it. Push endpoints only (a pull endpoint is read in publish order already).',
};

const fieldSchemas: { readonly [field: string]: JsonSchema } = {
  url: { type: "string" },
  description: { type: "string", maxLength: MAX_DESCRIPTION_LENGTH },
  event_types: { type: "array", items: { type: "string" }, minItems: 1 },
  enabled: { type: "boolean" },
  secret: {
    type: "string",
    minLength: MIN_SECRET_LENGTH,
    maxLength: MAX_SECRET_LENGTH,
    description:
      "The HMAC secret deliveries are signed with. On create, leave it out to get a generated one; null creates an unsigned endpoint. On update, null stops signing.",
  },
  generate_secret: {
    type: "boolean",
    description: "true: generate a new secret, shown in this answer only (the default on create).",
  },
  metadata: metadataSchema,
  signature_scheme: {
    type: "string",
    enum: [...SIGNATURE_SCHEMES],
    description:
      'How webhook-signature is signed: "hmac" (default) with the secret, or "ed25519" with a key pair VoiceHire generates, verified with the endpoint\'s public_key. X-VoiceHire-Signature stays the HMAC of the secret whenever there is one.',
  },
  ordering: orderingSchema,
};

const kindSchema: JsonSchema = {
  type: "string",
  enum: ["push", "pull"],
  description:
    "push (the default): events are POSTed to url. pull: no url; events are kept for you and read with GET /v1/endpoints/{id}/events. Set on create only.",
};

/** The body of `POST /v1/endpoints` (`url` is required for a push endpoint and refused for a pull one). */
export const createEndpointRequestSchema: ObjectSchema = {
  type: "object",
  properties: { ...fieldSchemas, kind: kindSchema },
  required: ["event_types"],
  additionalProperties: false,
};
/** The body of `PATCH /v1/endpoints/{id}` (every field optional; `secret: null` removes the secret). */
export const updateEndpointRequestSchema: ObjectSchema = {
  type: "object",
  properties: fieldSchemas,
  required: [],
  additionalProperties: false,
};

/** The problems of a `metadata` value that its schema cannot express, each naming its field. */
export function metadataIssues(value: unknown, path = "metadata"): ValidationIssue[] {
  if (!isPlainObject(value)) return []; // already reported by the schema
  const issues: ValidationIssue[] = [];
  const keys = Object.keys(value);
  if (keys.length > MAX_METADATA_KEYS) {
    issues.push({ path, message: `must have at most ${MAX_METADATA_KEYS} keys` });
  }
  for (const key of keys) {
    const field = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
      issues.push({ path: field, message: `key must be 1 to ${MAX_METADATA_KEY_LENGTH} characters` });
    }
    const item = value[key];
    if (typeof item !== "string") issues.push({ path: field, message: "must be a string" });
    else if (item.length > MAX_METADATA_VALUE_LENGTH) {
      issues.push({ path: field, message: `must be at most ${MAX_METADATA_VALUE_LENGTH} characters` });
    }
  }
  return issues;
}

function eventTypeIssues(value: unknown): ValidationIssue[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  value.forEach((item, index) => {
    if (typeof item !== "string") return; // already reported by the schema
    if (!isEventType(item)) {
      issues.push({ path: `event_types[${index}]`, message: `must be one of ${EVENT_TYPES.join(", ")}` });
    } else if (seen.has(item)) {
      issues.push({ path: `event_types[${index}]`, message: `lists ${item} twice` });
    }
    seen.add(item);
  });
  return issues;
}

export type ParsedEndpointFields =
  | {
      readonly kind: "valid";
      readonly fields: EndpointFields;
      /** The secret to store: given, generated, null for none; undefined leaves it as it is (update). */
      readonly secret: string | null | undefined;
      /** The generated secret, shown to the user once (this answer only); null when none was generated. */
      readonly generatedSecret: string | null;
    }
  | ValidationFailure
  | EmptyBody;

/** Why a pull endpoint takes no `ordering` (said on create and on update). */
export const PULL_ORDERING_MESSAGE = "must be null: a pull endpoint is read in publish order already";

/** A push endpoint needs a URL; a pull endpoint has none and signs nothing (it is read with the API key). */
function kindIssues(body: Readonly<Record<string, unknown>>): ValidationIssue[] {
  if (body.kind !== "pull") {
    return body.url === undefined ? [{ path: "url", message: "is required for a push endpoint" }] : [];
  }
  const issues: ValidationIssue[] = [];
  if (body.url !== undefined) {
    issues.push({ path: "url", message: 'must be left out: a pull endpoint ("kind": "pull") has no URL' });
  }
  if (typeof body.secret === "string" || body.generate_secret === true) {
    const path = typeof body.secret === "string" ? "secret" : "generate_secret";
    issues.push({
      path,
      message: "must be left out: a pull endpoint is read with the API key and signs nothing",
    });
  }
  if (body.signature_scheme === "ed25519") {
    issues.push({
      path: "signature_scheme",
      message: 'cannot be "ed25519": a pull endpoint is read with the API key and signs nothing',
    });
  }
  if (typeof body.ordering === "string") issues.push({ path: "ordering", message: PULL_ORDERING_MESSAGE });
  return issues;
}

/** The rules of an endpoint body its schema cannot express. */
function endpointRuleIssues(
  body: Readonly<Record<string, unknown>>,
  mode: "create" | "update",
  developmentMode: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = mode === "create" ? kindIssues(body) : [];
  if (typeof body.url === "string" && body.kind !== "pull") {
    issues.push(...validateEndpointUrl(body.url, { developmentMode }));
  }
  issues.push(...eventTypeIssues(body.event_types));
  issues.push(...metadataIssues(body.metadata));
  if (body.generate_secret === true && body.secret !== undefined) {
    issues.push({
      path: "generate_secret",
      message: "cannot be combined with secret: give a secret or ask for one",
    });
  }
  if (mode === "create" && body.generate_secret === false && body.secret === undefined) {
    issues.push({
      path: "generate_secret",
      message:
        'false is not enough for an unsigned endpoint: send "secret": null to create one without a secret',
    });
  }
  return issues;
}

/**
 * Checks a create (`mode: "create"`: url and event_types required; `secret: null` creates an unsigned
 * endpoint, anything else gets a secret) or a PATCH body (`mode: "update"`: every field optional,
 * `secret: null` removes the secret).
 */
export function parseEndpointFields(
  rawBody: unknown,
  mode: "create" | "update",
  developmentMode: boolean,
): ParsedEndpointFields {
  const read = readBody(
    rawBody,
    mode === "create" ? createEndpointRequestSchema : updateEndpointRequestSchema,
    { nullable: ["secret", "ordering"], check: (body) => endpointRuleIssues(body, mode, developmentMode) },
  );
  if (read.kind !== "read") return read;
  const { body } = read;
  const fields: {
    -readonly [K in keyof EndpointFields]: EndpointFields[K];
  } = {};
  if (typeof body.url === "string") fields.url = body.url;
  if (typeof body.description === "string") fields.description = body.description;
  if (Array.isArray(body.event_types)) fields.eventTypes = body.event_types as string[];
  if (typeof body.enabled === "boolean") fields.enabled = body.enabled;
  if (typeof body.secret === "string" || body.secret === null) fields.secret = body.secret;
  if (typeof body.generate_secret === "boolean") fields.generateSecret = body.generate_secret;
  if (isPlainObject(body.metadata)) fields.metadata = body.metadata as Record<string, string>;
  if (typeof body.signature_scheme === "string") {
    fields.signatureScheme = body.signature_scheme as SignatureScheme;
  }
  if (body.kind === "pull") fields.kind = "pull";
  if (body.ordering === null || typeof body.ordering === "string") {
    fields.ordering = body.ordering as EndpointOrdering | null;
  }
  // The customer documentation recommends verifying signatures: a push endpoint signs unless told not to.
  const generates =
    mode === "create"
      ? fields.secret === undefined && fields.kind !== "pull"
      : fields.generateSecret === true;
  const generatedSecret = generates ? generateEndpointSecret() : null;
  return { kind: "valid", fields, secret: generatedSecret ?? fields.secret, generatedSecret };
}

/** A new endpoint secret: `vhsec_` + 32 random bytes, base64url (used as raw UTF-8 key bytes). */
export function generateEndpointSecret(): string {
  return GENERATED_SECRET_PREFIX + randomBytes(32).toString("base64url");
}
