import { signatureSchemeOf } from "../../domain/signature-scheme.js";
import type { EndpointRecord } from "../../domain/types.js";
import type { EndpointPatch } from "../../store/port.js";
import { type EmptyBody, type NotFound, notFound, type ValidationFailure } from "../outcomes.js";
import type { EndpointDeps } from "./endpoint-deps.js";
import { parseEndpointFields } from "./endpoint-fields.js";
import { signingKeyChange } from "./endpoint-signing-key.js";
import { refusedOnPullEndpoint } from "./pull-endpoint-patch.js";

export interface UpdateEndpointInput {
  readonly accountId: string;
  readonly endpointId: string;
  /** The parsed PATCH body: any of the create fields; `secret: null` removes the secret. */
  readonly body: unknown;
}

export type UpdateEndpointOutcome =
  | {
      readonly kind: "updated";
      readonly endpoint: EndpointRecord;
      /** The generated secret, shown to the user once (this answer only); null when none was generated. */
      readonly generatedSecret: string | null;
    }
  | ValidationFailure
  | NotFound
  | EmptyBody;

/** PATCH semantics: only the fields given change. */
export async function updateEndpoint(
  deps: EndpointDeps,
  input: UpdateEndpointInput,
): Promise<UpdateEndpointOutcome> {
  const parsed = parseEndpointFields(input.body, "update", deps.developmentMode);
  if (parsed.kind !== "valid") return parsed;
  const { fields, secret, generatedSecret } = parsed;
  const refusal = await refusedOnPullEndpoint(deps, input, {
    url: fields.url !== undefined,
    secret:
      typeof secret === "string" ? (fields.generateSecret === true ? "generate_secret" : "secret") : null,
    signingKey: fields.signatureScheme === "ed25519",
    ordering: typeof fields.ordering === "string",
  });
  if (refusal !== undefined) return refusal;
  const patch: { -readonly [K in keyof EndpointPatch]: EndpointPatch[K] } = {};
  if (fields.url !== undefined) patch.url = fields.url;
  if (fields.description !== undefined) patch.description = fields.description;
  if (fields.eventTypes !== undefined) patch.eventTypes = fields.eventTypes;
  if (fields.enabled !== undefined) patch.enabled = fields.enabled;
  if (fields.metadata !== undefined) patch.metadata = fields.metadata;
  if (fields.ordering !== undefined) patch.ordering = fields.ordering;
  if (secret !== undefined) patch.sealedSecret = secret === null ? null : deps.secretBox.seal(secret);
  if (fields.signatureScheme !== undefined) {
    // Asking for the scheme the endpoint already has keeps its key: only a switch makes or drops one.
    const current = await deps.store.getEndpoint(input.accountId, input.endpointId);
    if (current === undefined) return notFound("endpoint", input.endpointId);
    const change = signingKeyChange(fields.signatureScheme, signatureSchemeOf(current), deps.secretBox);
    if (change !== undefined) patch.signingKey = change;
  }
  const endpoint = await deps.store.updateEndpoint(
    input.accountId,
    input.endpointId,
    patch,
    deps.clock.now(),
  );
  if (endpoint === undefined) return notFound("endpoint", input.endpointId);
  return { kind: "updated", endpoint, generatedSecret };
}
