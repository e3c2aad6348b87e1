import type { EndpointFormValues } from "../components/endpoint-form";

/**
 * The `POST /v1/endpoints` body of the creation form. Endpoints are signed by default: the service
 * generates a secret unless the body says `secret: null`, so that is sent only when the user chose
 * "do not sign". A pull endpoint sends neither URL nor secret. `generate_secret: true` states the default explicitly for services that predate it.
 */
export function endpointCreateBody(values: EndpointFormValues): Record<string, unknown> {
  if (values.kind === "pull") {
    // No URL and nothing to sign: its events are read with the API key.
    return { kind: "pull", description: values.description, event_types: values.eventTypes };
  }
  const body: Record<string, unknown> = {
    url: values.url,
    description: values.description,
    event_types: values.eventTypes,
    // Only when asked: an hmac endpoint's body stays what it was.
    ...(values.signatureScheme === "ed25519" ? { signature_scheme: "ed25519" } : {}),
    // Likewise: an unordered endpoint's body does not name `ordering`, so older services accept it.
    ...(values.ordering === null ? {} : { ordering: values.ordering }),
  };
  switch (values.secretChoice) {
    case "generate":
      return { ...body, generate_secret: true };
    case "own":
      return { ...body, secret: values.ownSecret };
    case "none":
      return { ...body, secret: null };
  }
}
