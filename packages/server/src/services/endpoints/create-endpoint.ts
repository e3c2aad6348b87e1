import { newId } from "../../domain/ids.js";
import type { EndpointRecord } from "../../domain/types.js";
import type { EmptyBody, ValidationFailure } from "../outcomes.js";
import type { EndpointDeps } from "./endpoint-deps.js";
import { parseEndpointFields } from "./endpoint-fields.js";
import { newSigningKey } from "./endpoint-signing-key.js";

export interface CreateEndpointInput {
  readonly accountId: string;
  /**
   * The parsed request body: `{ url, event_types, description?, metadata?, enabled?, secret? |
   * generate_secret?, kind?, signature_scheme? }` (see `createEndpointRequestSchema`). Signed by
   * default: without a `secret`, one is generated, unless the body says `"secret": null` (an unsigned
   * endpoint, asked explicitly).
   */
  readonly body: unknown;
}

export type CreateEndpointOutcome =
  | {
      readonly kind: "created";
      readonly endpoint: EndpointRecord;
      /** The generated secret, shown to the user once (this answer only); null when none was generated. */
      readonly generatedSecret: string | null;
    }
  | ValidationFailure
  | EmptyBody;

export async function createEndpoint(
  deps: EndpointDeps,
  input: CreateEndpointInput,
): Promise<CreateEndpointOutcome> {
  const parsed = parseEndpointFields(input.body, "create", deps.developmentMode);
  if (parsed.kind !== "valid") return parsed;
  const { fields, generatedSecret } = parsed;
  const secret = parsed.secret ?? null;
  const now = deps.clock.now();
  const enabled = fields.enabled ?? true;
  const endpoint: EndpointRecord = {
    id: newId("ep", now),
    accountId: input.accountId,
    ...(fields.kind === "pull" ? { kind: "pull" as const } : {}),
    ...(fields.ordering == null ? {} : { ordering: fields.ordering }),
    url: fields.url ?? "",
    description: fields.description ?? "",
    metadata: fields.metadata ?? {},
    eventTypes: fields.eventTypes ?? [],
    enabled,
    sealedSecret: secret === null ? null : deps.secretBox.seal(secret),
    createdAt: now,
    updatedAt: now,
    failingSince: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    disabledReason: enabled ? null : "user",
    disabledAt: enabled ? null : now,
    ...(fields.signatureScheme === "ed25519" ? { signingKey: newSigningKey(deps.secretBox) } : {}),
  };
  await deps.store.createEndpoint(endpoint);
  return { kind: "created", endpoint, generatedSecret };
}
