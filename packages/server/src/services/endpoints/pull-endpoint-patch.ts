import { invalidField, type NotFound, notFound, type ValidationFailure } from "../outcomes.js";
import type { EndpointDeps } from "./endpoint-deps.js";
import { PULL_ORDERING_MESSAGE } from "./endpoint-fields.js";

/**
 * A pull endpoint has no URL and signs nothing (it is read with the API key): a PATCH giving it a
 * `url`, a secret (`sets.secret`: the field that asks for one), an Ed25519 key
 * (`"signature_scheme": "ed25519"`) or an `ordering` (it is read in publish order already) is refused,
 * naming the field. Reads the endpoint only when the
 * patch asks one of these.
 */
export async function refusedOnPullEndpoint(
  deps: Pick<EndpointDeps, "store">,
  target: { readonly accountId: string; readonly endpointId: string },
  sets: {
    readonly url: boolean;
    readonly secret: "secret" | "generate_secret" | null;
    readonly signingKey: boolean;
    readonly ordering: boolean;
  },
): Promise<ValidationFailure | NotFound | undefined> {
  if (!sets.url && sets.secret === null && !sets.signingKey && !sets.ordering) return undefined;
  const current = await deps.store.getEndpoint(target.accountId, target.endpointId);
  if (current === undefined) return notFound("endpoint", target.endpointId);
  if (current.kind !== "pull") return undefined;
  if (!sets.url && sets.secret === null && !sets.signingKey) {
    return invalidField("ordering", PULL_ORDERING_MESSAGE);
  }
  if (!sets.url && sets.secret === null) {
    return invalidField(
      "signature_scheme",
      'cannot be "ed25519": a pull endpoint has no URL and signs nothing',
    );
  }
  return invalidField(
    sets.url ? "url" : (sets.secret ?? "secret"),
    "must be left out: a pull endpoint has no URL and signs nothing",
  );
}
