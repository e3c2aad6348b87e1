import { type Cidr, cidrContains, cidrOf } from "./cidr.js";
import { type IpAddress, ipv4FromBytes } from "./ip-address.js";

/**
 * IPv6 forms that carry an IPv4 address, and therefore reach (or are translated towards) it:
 * a blocked IPv4 must not slip through as one of these.
 */
export type Ipv4EmbeddingForm =
  | "ipv4-mapped" // ::ffff:a.b.c.d (a dual-stack socket connects to a.b.c.d itself)
  | "ipv4-translated" // ::ffff:0:a.b.c.d (SIIT)
  | "ipv4-compatible" // ::a.b.c.d (deprecated)
  | "nat64" // 64:ff9b::a.b.c.d (RFC 6052 well-known prefix)
  | "nat64-local" // 64:ff9b:1::a.b.c.d (RFC 8215 local-use, /96 layout)
  | "6to4" // 2002:AABB:CCDD::/48
  | "teredo-server" // 2001:0:AABB:CCDD::
  | "teredo-client"; // 2001:0:...: last 32 bits XOR 0xffffffff

export interface EmbeddedIpv4 {
  readonly form: Ipv4EmbeddingForm;
  /** The prefix of the form, for messages. */
  readonly prefix: string;
  readonly ipv4: IpAddress;
  /**
   * True for the forms that are a working path to the IPv4 address (mapped, NAT64, 6to4): they are
   * allowed exactly when that IPv4 is. The others (deprecated or tunnel forms) are refused anyway.
   */
  readonly reachesIpv4: boolean;
}

const REACHES_IPV4: ReadonlySet<Ipv4EmbeddingForm> = new Set(["ipv4-mapped", "nat64", "6to4"]);

const MAPPED = cidrOf("::ffff:0:0/96");
const TRANSLATED = cidrOf("::ffff:0:0:0/96");
const COMPATIBLE = cidrOf("::/96");
const NAT64 = cidrOf("64:ff9b::/96");
// Only the /96 layout of the local-use prefix 64:ff9b:1::/48 is decoded; the whole /48 is refused as
// reserved (inside ::/8) unless an operator allowlists it: it is network-specific, never a customer's.
const NAT64_LOCAL_96 = cidrOf("64:ff9b:1::/96");
const SIX_TO_FOUR = cidrOf("2002::/16");
const TEREDO = cidrOf("2001::/32");

function embedded(form: Ipv4EmbeddingForm, cidr: Cidr, ipv4: IpAddress): EmbeddedIpv4 {
  return { form, prefix: cidr.text, ipv4, reachesIpv4: REACHES_IPV4.has(form) };
}

/** Every IPv4 address an IPv6 address embeds (none for an IPv4 address or a plain IPv6 one). */
export function embeddedIpv4Addresses(ip: IpAddress): EmbeddedIpv4[] {
  if (ip.family !== 6) return [];
  const b = ip.bytes;
  if (cidrContains(MAPPED, ip)) return [embedded("ipv4-mapped", MAPPED, ipv4FromBytes(b, 12))];
  if (cidrContains(TRANSLATED, ip)) return [embedded("ipv4-translated", TRANSLATED, ipv4FromBytes(b, 12))];
  if (cidrContains(COMPATIBLE, ip)) return [embedded("ipv4-compatible", COMPATIBLE, ipv4FromBytes(b, 12))];
  if (cidrContains(NAT64, ip)) return [embedded("nat64", NAT64, ipv4FromBytes(b, 12))];
  if (cidrContains(NAT64_LOCAL_96, ip))
    return [embedded("nat64-local", NAT64_LOCAL_96, ipv4FromBytes(b, 12))];
  if (cidrContains(SIX_TO_FOUR, ip)) return [embedded("6to4", SIX_TO_FOUR, ipv4FromBytes(b, 2))];
  if (cidrContains(TEREDO, ip)) {
    return [
      embedded("teredo-server", TEREDO, ipv4FromBytes(b, 4)),
      embedded("teredo-client", TEREDO, ipv4FromBytes(b, 12, 0xff)),
    ];
  }
  return [];
}

/** The IPv4 address an IPv4-mapped IPv6 address designates (the same host), if it is one. */
export function ipv4MappedTarget(ip: IpAddress): IpAddress | undefined {
  return ip.family === 6 && cidrContains(MAPPED, ip) ? ipv4FromBytes(ip.bytes, 12) : undefined;
}
