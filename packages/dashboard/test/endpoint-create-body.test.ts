import { describe, expect, it } from "vitest";
import type { EndpointFormValues } from "../src/components/endpoint-form";
import { endpointCreateBody } from "../src/explain/endpoint-create-body";

/** The creation form asks for no signature (`secret: null`) only when the user chose "do not sign". */
const base: EndpointFormValues = {
  url: "https://example.com/hooks",
  description: "ATS",
  eventTypes: ["campaign.created"],
  enabled: true,
  secretChoice: "generate",
  ownSecret: "",
  signatureScheme: "hmac",
  ordering: null,
};

describe("the endpoint creation body", () => {
  it("signs by default: the preselected choice never sends secret: null", () => {
    const body = endpointCreateBody(base);
    expect(body).toEqual({
      url: "https://example.com/hooks",
      description: "ATS",
      event_types: ["campaign.created"],
      generate_secret: true,
    });
    expect("secret" in body).toBe(false);
  });

  it("sends the user's own secret as given", () => {
    expect(endpointCreateBody({ ...base, secretChoice: "own", ownSecret: "s3cret-value" })).toMatchObject({
      secret: "s3cret-value",
    });
  });

  it("sends secret: null, and nothing asking for a secret, only for an explicit 'do not sign'", () => {
    const body = endpointCreateBody({ ...base, secretChoice: "none", ownSecret: "typed then abandoned" });
    expect(body.secret).toBeNull();
    expect("generate_secret" in body).toBe(false);
  });

  it("asks for ed25519 only when chosen, keeping the secret choice (X-VoiceHire-Signature stays HMAC)", () => {
    expect("signature_scheme" in endpointCreateBody(base)).toBe(false);
    expect(endpointCreateBody({ ...base, signatureScheme: "ed25519" })).toEqual({
      url: "https://example.com/hooks",
      description: "ATS",
      event_types: ["campaign.created"],
      signature_scheme: "ed25519",
      generate_secret: true,
    });
  });

  it("names ordering only when one is chosen, so an unordered body stays what it was", () => {
    expect("ordering" in endpointCreateBody(base)).toBe(false);
    expect(endpointCreateBody({ ...base, ordering: "candidate" })).toMatchObject({ ordering: "candidate" });
    expect(endpointCreateBody({ ...base, ordering: "campaign", secretChoice: "none" })).toEqual({
      url: "https://example.com/hooks",
      description: "ATS",
      event_types: ["campaign.created"],
      ordering: "campaign",
      secret: null,
    });
  });

  it("a pull endpoint sends neither URL nor secret nor signature scheme nor ordering: it signs nothing, is read in order", () => {
    expect(
      endpointCreateBody({
        ...base,
        kind: "pull",
        secretChoice: "own",
        ownSecret: "s3cret-value",
        signatureScheme: "ed25519",
        ordering: "candidate",
      }),
    ).toEqual({
      kind: "pull",
      description: "ATS",
      event_types: ["campaign.created"],
    });
  });
});
