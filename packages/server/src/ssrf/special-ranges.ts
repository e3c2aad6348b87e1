import type { BlockReason } from "./block-reason.js";
import { type Cidr, cidrOf } from "./cidr.js";

/** One special-purpose range (IANA IPv4/IPv6 Special-Purpose Address Registries) and why it is refused. */
export interface SpecialRange {
  readonly cidr: Cidr;
  readonly reason: BlockReason;
}

function ranges(entries: ReadonlyArray<readonly [string, BlockReason]>): readonly SpecialRange[] {
  return entries.map(([text, reason]) => ({ cidr: cidrOf(text), reason }));
}

/**
 * Refused IPv4 ranges, most specific first (the first match wins). Globally reachable special ranges
 * (AS112 192.31.196.0/24 and 192.175.48.0/24, AMT 192.52.193.0/24) are left allowed.
 */
export const BLOCKED_IPV4_RANGES: readonly SpecialRange[] = ranges([
  ["255.255.255.255/32", "broadcast"],
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "cgnat"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link_local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "documentation"], // TEST-NET-1
  ["192.88.99.0/24", "reserved"], // deprecated 6to4 relay anycast
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"], // benchmarking
  ["198.51.100.0/24", "documentation"], // TEST-NET-2
  ["203.0.113.0/24", "documentation"], // TEST-NET-3
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"], // future use
]);

/** IPv6 global unicast space; everything outside it (and outside the embedding forms) is refused. */
export const IPV6_GLOBAL_UNICAST: Cidr = cidrOf("2000::/3");

/** Refused IPv6 ranges, checked after the IPv4-embedding forms (see embedded-ipv4.ts). First match wins. */
export const BLOCKED_IPV6_RANGES: readonly SpecialRange[] = ranges([
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fe80::/10", "link_local"],
  ["fc00::/7", "unique_local"],
  ["ff00::/8", "multicast"],
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["2001::/23", "reserved"], // IETF protocol assignments, incl. Teredo 2001::/32 and benchmarking
  ["100::/64", "reserved"], // discard-only
  ["fec0::/10", "reserved"], // deprecated site-local
  ["5f00::/16", "reserved"], // SRv6 SIDs
  ["::/8", "reserved"], // incl. the deprecated IPv4-compatible ::/96 and IPv4-translated forms
]);
