import type { AddressPolicy } from "./address-policy.js";
import { BlockedAddressError } from "./blocked-address-error.js";
import { type HostLiteral, parseHostLiteral } from "./host-literal.js";

export type UrlHostCheck =
  /** An IP literal the policy allows, or a name (checked later, at connect time, by the guarded lookup). */
  | { readonly allowed: true; readonly host: Exclude<HostLiteral, { kind: "invalid" }> }
  | { readonly allowed: false; readonly error: BlockedAddressError };

/** Checks one host (URL hostname or connector hostname) against the policy. */
export function checkHost(host: string, policy: AddressPolicy): UrlHostCheck {
  const literal = parseHostLiteral(host);
  if (literal.kind === "invalid") {
    return { allowed: false, error: new BlockedAddressError(host, host, "invalid", literal.message) };
  }
  if (literal.kind === "name") return { allowed: true, host: literal };
  const verdict = policy.check(literal.address);
  if (verdict.allowed) return { allowed: true, host: literal };
  return {
    allowed: false,
    error: new BlockedAddressError(host, literal.address, verdict.reason, verdict.range),
  };
}

/**
 * The check for URLs whose host is an IP literal, however spelled (`http://2130706433/`,
 * `https://[::ffff:127.0.0.1]/`): Node connects to those without calling `lookup`, so the guarded lookup
 * never sees them. Call this before sending (and when an endpoint is registered); names are allowed
 * here and checked at connect time by the guarded lookup. An unparsable URL is refused as `invalid`.
 */
export function checkUrlHost(url: string | URL, policy: AddressPolicy): UrlHostCheck {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    const text = String(url);
    return { allowed: false, error: new BlockedAddressError(text, text, "invalid", "not a valid URL") };
  }
  return checkHost(parsed.hostname, policy);
}
