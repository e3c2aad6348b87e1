import { invalidField, type NotFound, notFound, type ValidationFailure } from "../outcomes.js";
import type { EndpointDeps } from "./endpoint-deps.js";

/**
 * A pull endpoint has no URL and signs nothing (it is read with the API key): a PATCH giving it a
 * `url` or a secret (`sets.secret`: the field that asks for one) is refused, naming the field. Reads the endpoint only when the patch asks that.
 */
export async function refusedOnPullEndpoint(
  deps: Pick<EndpointDeps, "store">,
  target: { readonly accountId: string; readonly endpointId: string },
  sets: { readonly url: boolean; readonly secret: "secret" | "generate_secret" | null },
): Promise<ValidationFailure | NotFound | undefined> {
  if (!sets.url && sets.secret === null) return undefined;
  const current = await deps.store.getEndpoint(target.accountId, target.endpointId);
  if (current === undefined) return notFound("endpoint", target.endpointId);
  if (current.kind !== "pull") return undefined;
  return invalidField(
    sets.url ? "url" : (sets.secret ?? "secret"),
    "must be left out: a pull endpoint has no URL and signs nothing",
  );
}
