import type { BlockReason } from "./block-reason.js";
import { cidrContains } from "./cidr.js";
import { embeddedIpv4Addresses, type Ipv4EmbeddingForm } from "./embedded-ipv4.js";
import { type IpAddress, parseIpAddress } from "./ip-address.js";
import { BLOCKED_IPV4_RANGES, BLOCKED_IPV6_RANGES, IPV6_GLOBAL_UNICAST } from "./special-ranges.js";

export type AddressClassification =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: BlockReason;
      /** The range that matched, e.g. `127.0.0.0/8`, or `127.0.0.0/8 in ::ffff:0:0/96 (ipv4-mapped)`. */
      readonly range: string;
      /** Set when the blocked IPv4 address was found embedded in this IPv6 form. */
      readonly via?: Ipv4EmbeddingForm;
    };

const ALLOWED: AddressClassification = { allowed: true };

type Blocked = Extract<AddressClassification, { allowed: false }>;

function firstBlockedRange(ip: IpAddress): Blocked | undefined {
  const table = ip.family === 4 ? BLOCKED_IPV4_RANGES : BLOCKED_IPV6_RANGES;
  for (const range of table) {
    if (cidrContains(range.cidr, ip)) return { allowed: false, reason: range.reason, range: range.cidr.text };
  }
  return undefined;
}

/** Classifies parsed bytes; see `classifyAddress`. */
export function classifyIpAddress(ip: IpAddress): AddressClassification {
  if (ip.family === 4) return firstBlockedRange(ip) ?? ALLOWED;
  // :: and ::1 first: they also lie inside the IPv4-compatible form ::/96.
  const own = firstBlockedRange(ip);
  if (own !== undefined && (own.reason === "unspecified" || own.reason === "loopback")) return own;
  const embeddings = embeddedIpv4Addresses(ip);
  for (const { form, prefix, ipv4 } of embeddings) {
    const inner = firstBlockedRange(ipv4);
    if (inner !== undefined) {
      return {
        allowed: false,
        reason: inner.reason,
        range: `${inner.range} in ${prefix} (${form})`,
        via: form,
      };
    }
  }
  // Mapped, NAT64 and 6to4 forms of a public IPv4 (the first two lie inside ::/8, refused otherwise).
  if (embeddings.length > 0 && embeddings.every((e) => e.reachesIpv4)) return ALLOWED;
  if (own !== undefined) return own;
  if (!cidrContains(IPV6_GLOBAL_UNICAST, ip))
    return { allowed: false, reason: "reserved", range: "outside 2000::/3" };
  return ALLOWED;
}

/**
 * Whether webhooks may be sent to this IP address, before any operator allowlist: public unicast
 * addresses are allowed; loopback, private, link-local (incl. cloud metadata), CGNAT, unique-local,
 * multicast, unspecified, broadcast, documentation and reserved ranges are not, and neither are IPv6
 * forms embedding such an IPv4 (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo).
 *
 * Takes the strict text a resolver returns (`127.0.0.1`, `::ffff:7f00:1`, `fe80::1%eth0`); anything
 * else is refused as `invalid` (fail closed). For URL hosts and lenient spellings use `parseHostLiteral`.
 */
export function classifyAddress(ip: string): AddressClassification {
  const parsed = parseIpAddress(ip);
  if (parsed === undefined) return { allowed: false, reason: "invalid", range: "not an IP address" };
  return classifyIpAddress(parsed);
}
