import { describe, expect, it } from "vitest";
import type { BlockReason } from "../../src/ssrf/block-reason.js";
import { classifyAddress } from "../../src/ssrf/classify-address.js";

// Every range of issue 7 (item 1 and the SSRF bullet), with edges on both sides where a range ends.
const BLOCKED: ReadonlyArray<readonly [string, BlockReason]> = [
  // IPv4
  ["0.0.0.0", "unspecified"],
  ["0.255.255.255", "unspecified"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.0.1", "private"],
  ["192.168.255.255", "private"],
  ["169.254.169.254", "link_local"], // cloud metadata
  ["169.254.0.1", "link_local"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["240.0.0.1", "reserved"],
  ["192.0.0.8", "reserved"],
  ["192.88.99.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["198.19.255.255", "reserved"],
  ["192.0.2.1", "documentation"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  // IPv6 native
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["fe80::1", "link_local"],
  ["fe80::1%eth0", "link_local"],
  ["febf:ffff::1", "link_local"],
  ["fc00::1", "unique_local"],
  ["fd12:3456:789a::1", "unique_local"],
  ["ff02::1", "multicast"],
  ["ff0e::1", "multicast"],
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation"],
  ["100::1", "reserved"],
  ["fec0::1", "reserved"],
  ["5f00::1", "reserved"],
  ["4000::1", "reserved"], // outside 2000::/3: not global unicast
  ["2001:2::1", "reserved"], // benchmarking, inside 2001::/23
  // IPv4-mapped, dotted and hex forms
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["0:0:0:0:0:ffff:7f00:1", "loopback"],
  ["::FFFF:7F00:0001", "loopback"],
  ["::ffff:169.254.169.254", "link_local"],
  ["::ffff:a9fe:a9fe", "link_local"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:c0a8:101", "private"],
  ["::ffff:0.0.0.0", "unspecified"],
  ["::ffff:100.64.0.1", "cgnat"],
  // IPv4-translated (SIIT) and IPv4-compatible (deprecated)
  ["::ffff:0:127.0.0.1", "loopback"],
  ["::ffff:0:8.8.8.8", "reserved"],
  ["::127.0.0.1", "loopback"],
  ["::7f00:1", "loopback"],
  ["::a9fe:a9fe", "link_local"],
  ["::8.8.8.8", "reserved"],
  // NAT64 well-known /96 and local-use /48 (both layouts)
  ["64:ff9b::127.0.0.1", "loopback"],
  ["64:ff9b::a9fe:a9fe", "link_local"],
  ["64:ff9b::10.1.2.3", "private"],
  ["64:ff9b:1::7f00:1", "loopback"],
  ["64:ff9b:1::808:808", "reserved"], // local-use NAT64 is network-specific: allowlist it to use it
  ["64:ff9b:1:7f00:1::", "reserved"], // other local-use layouts: refused as a whole
  // 6to4 embedding a blocked IPv4
  ["2002:7f00:1::1", "loopback"],
  ["2002:a9fe:a9fe::", "link_local"],
  ["2002:c0a8:0101::1", "private"],
  // Teredo: server and obfuscated client addresses, and Teredo as such
  ["2001:0:7f00:1::1", "loopback"],
  ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"], // client 127.0.0.1 XOR 0xffffffff
  ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "reserved"], // Teredo to public 8.8.8.8: still refused
];

const ALLOWED: readonly string[] = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "9.255.255.255", // just below 10/8
  "11.0.0.0", // just above 10/8
  "100.63.255.255", // just below CGNAT
  "100.128.0.0", // just above CGNAT
  "126.255.255.255",
  "128.0.0.0",
  "169.253.255.255",
  "172.15.255.255",
  "172.32.0.0",
  "192.167.255.255",
  "192.169.0.0",
  "223.255.255.255", // just below multicast
  "192.31.196.1", // AS112: special-purpose but globally reachable
  "2606:4700:4700::1111",
  "2a00:1450:4007:80f::200e",
  "2001:200::1", // just above 2001::/23
  "::ffff:8.8.8.8", // mapped public
  "::ffff:808:808",
  "64:ff9b::8.8.8.8", // NAT64 of a public address
  "2002:808:808::1", // 6to4 of a public address
];

const INVALID: readonly string[] = [
  "",
  "localhost",
  "127.1",
  "0x7f.0.0.1",
  "0177.0.0.1",
  "2130706433",
  "127.000.000.001",
  "256.0.0.1",
  "1.2.3.4.5",
  "[::1]",
  "1::2::3",
  "1:2:3:4:5:6:7:8:9",
  "1:2:3:4:5:6:7::8",
  "12345::1",
  "::ffff:127.0.0.256",
  "%eth0",
  "fe80::1%",
  " 127.0.0.1",
];

describe("classifyAddress", () => {
  it.each(BLOCKED)("refuses %s as %s", (ip, reason) => {
    const result = classifyAddress(ip);
    expect(result).toMatchObject({ allowed: false, reason });
  });

  it.each(ALLOWED.map((ip) => [ip]))("allows public %s", (ip) => {
    expect(classifyAddress(ip)).toEqual({ allowed: true });
  });

  it.each(INVALID.map((ip) => [ip]))("refuses %j as invalid (fail closed)", (ip) => {
    expect(classifyAddress(ip)).toMatchObject({ allowed: false, reason: "invalid" });
  });

  it("names the matched range, and the embedding form for IPv6 carrying an IPv4", () => {
    expect(classifyAddress("169.254.169.254")).toEqual({
      allowed: false,
      reason: "link_local",
      range: "169.254.0.0/16",
    });
    expect(classifyAddress("::ffff:7f00:1")).toEqual({
      allowed: false,
      reason: "loopback",
      range: "127.0.0.0/8 in ::ffff:0:0/96 (ipv4-mapped)",
      via: "ipv4-mapped",
    });
    expect(classifyAddress("2002:a9fe:a9fe::")).toMatchObject({ via: "6to4" });
    expect(classifyAddress("64:ff9b::7f00:1")).toMatchObject({ via: "nat64" });
  });
});
