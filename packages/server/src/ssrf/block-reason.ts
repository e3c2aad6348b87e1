/** Why an address may not receive webhooks. */
export type BlockReason =
  | "unspecified" // 0.0.0.0/8, :: (on Linux, connecting to 0.0.0.0 reaches the local host)
  | "loopback" // 127.0.0.0/8, ::1
  | "private" // 10/8, 172.16/12, 192.168/16
  | "link_local" // 169.254/16 (incl. the cloud metadata address 169.254.169.254), fe80::/10
  | "cgnat" // 100.64.0.0/10, the carrier-grade NAT shared space
  | "unique_local" // fc00::/7, the IPv6 private space
  | "multicast" // 224.0.0.0/4, ff00::/8
  | "broadcast" // 255.255.255.255
  | "documentation" // TEST-NETs, 2001:db8::/32, 3fff::/20
  | "reserved" // any other special-purpose or non-global-unicast range
  | "invalid"; // not an IP address at all (fail closed)

const DESCRIPTIONS: Readonly<Record<BlockReason, string>> = {
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  link_local: "a link-local address",
  cgnat: "a carrier-grade NAT address",
  unique_local: "a unique-local address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  documentation: "a documentation address",
  reserved: "a reserved address",
  invalid: "not a valid IP address",
};

/** A short phrase for messages, e.g. "a loopback address". */
export function describeBlockReason(reason: BlockReason): string {
  return DESCRIPTIONS[reason];
}
