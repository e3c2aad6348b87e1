import type { BlockReason } from "./block-reason.js";
import { type Cidr, cidrContains, parseCidr } from "./cidr.js";
import { classifyIpAddress } from "./classify-address.js";
import { ipv4MappedTarget } from "./embedded-ipv4.js";
import { parseIpAddress } from "./ip-address.js";

export interface AddressPolicyOptions {
  /** CIDR blocks (or single addresses) that are allowed even though they are not public, e.g. `10.1.2.0/24`. */
  readonly allowCidrs: readonly string[];
  /** Allow loopback (127.0.0.0/8, ::1 and their mapped forms). Development mode only. */
  readonly allowLoopback: boolean;
  /** Allow private ranges (10/8, 172.16/12, 192.168/16, fc00::/7). Development mode only. */
  readonly allowPrivate: boolean;
}

/** Why an address was allowed (useful in logs and tests), or why it was not. */
export type AddressVerdict =
  | {
      readonly allowed: true;
      readonly because: "public" | "allowlist" | "loopback_allowed" | "private_allowed";
    }
  | { readonly allowed: false; readonly reason: BlockReason; readonly range: string };

/** The operator's decision on which addresses may receive webhooks. */
export interface AddressPolicy {
  readonly allowCidrs: readonly Cidr[];
  readonly allowLoopback: boolean;
  readonly allowPrivate: boolean;
  /** Checks one resolved IP address (strict text, as a resolver returns it). */
  check(ip: string): AddressVerdict;
}

const PRIVATE_REASONS: ReadonlySet<BlockReason> = new Set(["private", "unique_local"]);

/**
 * Builds the policy. The allowlist wins over every built-in block (an operator who lists
 * 169.254.169.254/32 means it); `allowLoopback`/`allowPrivate` open only their own ranges, never
 * link-local, metadata or unspecified addresses. An IPv4 entry also matches the IPv4-mapped IPv6 form
 * of its addresses (the same host).
 *
 * Throws on an invalid CIDR entry: this runs once at start, where bad config must stop the service
 * with a message naming the entry. Use `parseCidr` to validate entries as values beforehand.
 */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const allowCidrs: Cidr[] = [];
  for (const entry of options.allowCidrs) {
    const parsed = parseCidr(entry);
    if (!parsed.ok) throw new Error(`voicehire-webhooks: invalid SSRF allowlist entry: ${parsed.message}`);
    allowCidrs.push(parsed.cidr);
  }
  const { allowLoopback, allowPrivate } = options;

  function check(ip: string): AddressVerdict {
    const parsed = parseIpAddress(ip);
    if (parsed === undefined) return { allowed: false, reason: "invalid", range: "not an IP address" };
    const classification = classifyIpAddress(parsed);
    if (classification.allowed) return { allowed: true, because: "public" };
    const mapped = ipv4MappedTarget(parsed);
    if (
      allowCidrs.some(
        (cidr) => cidrContains(cidr, parsed) || (mapped !== undefined && cidrContains(cidr, mapped)),
      )
    ) {
      return { allowed: true, because: "allowlist" };
    }
    // The development switches open this host's own ranges, not a NAT64/6to4 gateway's view of them.
    const direct = classification.via === undefined || classification.via === "ipv4-mapped";
    if (direct && allowLoopback && classification.reason === "loopback")
      return { allowed: true, because: "loopback_allowed" };
    if (direct && allowPrivate && PRIVATE_REASONS.has(classification.reason)) {
      return { allowed: true, because: "private_allowed" };
    }
    return { allowed: false, reason: classification.reason, range: classification.range };
  }

  return Object.freeze({ allowCidrs: Object.freeze(allowCidrs), allowLoopback, allowPrivate, check });
}
