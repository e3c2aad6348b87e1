import { describe, expect, it } from "vitest";
import { parseHostLiteral } from "../../src/ssrf/host-literal.js";

describe("parseHostLiteral", () => {
  // Every spelling of 127.0.0.1 that the WHATWG URL parser (and so undici) accepts as an IPv4 host.
  it.each([
    ["127.0.0.1"],
    ["2130706433"], // decimal
    ["0177.0.0.1"], // octal
    ["0x7f.0.0.1"], // hex
    ["0X7F.0.0.1"],
    ["0x7f000001"], // one hex number
    ["017700000001"], // one octal number
    ["127.1"], // short form
    ["127.0.1"],
    ["0x7f.1"],
    ["127.000.000.001"], // leading zeros read as octal zero
    ["127.0.0.1."], // trailing dot
    ["%31%32%37.0.0.1"], // percent-encoded
    ["１２７.０.０.１"], // full-width digits (IDNA mapping)
    ["127。0。0。1"], // ideographic full stops
  ])("reads %j as 127.0.0.1", (host) => {
    expect(parseHostLiteral(host)).toEqual({ kind: "ip", family: 4, address: "127.0.0.1" });
  });

  it.each([
    ["0", 4, "0.0.0.0"],
    ["0x0", 4, "0.0.0.0"],
    ["2852039166", 4, "169.254.169.254"], // the metadata address in decimal
    ["0xa9fea9fe", 4, "169.254.169.254"],
    ["0251.0376.0251.0376", 4, "169.254.169.254"],
    ["10.1", 4, "10.0.0.1"],
    ["192.168.257", 4, "192.168.1.1"], // the last part fills the remaining bytes
    ["1.2.3", 4, "1.2.0.3"],
    ["[::1]", 6, "::1"],
    ["::1", 6, "::1"],
    ["[::ffff:127.0.0.1]", 6, "::ffff:7f00:1"],
    ["[::ffff:7f00:1]", 6, "::ffff:7f00:1"],
    ["[0:0:0:0:0:ffff:7f00:1]", 6, "::ffff:7f00:1"],
    ["[::FFFF:A9FE:A9FE]", 6, "::ffff:a9fe:a9fe"],
    ["[64:ff9b::127.0.0.1]", 6, "64:ff9b::7f00:1"],
    ["[fe80::1%25eth0]", 6, "fe80::1"], // zone, URL-encoded
    ["fe80::1%eth0", 6, "fe80::1"],
    ["[2001:db8:0:0:1:0:0:1]", 6, "2001:db8::1:0:0:1"], // RFC 5952 canonical text
  ])("reads %j as the IPv%i address %s", (host, family, address) => {
    expect(parseHostLiteral(host)).toEqual({ kind: "ip", family, address });
  });

  it.each([
    ["example.com", "example.com"],
    ["LOCALHOST", "localhost"],
    ["localhost.", "localhost."],
    ["127.0.0.1.nip.io", "127.0.0.1.nip.io"],
    ["0x7f.example", "0x7f.example"],
    ["bücher.example", "xn--bcher-kva.example"],
  ])("reads %j as the name %s", (host, name) => {
    expect(parseHostLiteral(host)).toEqual({ kind: "name", name });
  });

  it.each([
    [""],
    ["evil.com@127.0.0.1"], // would be userinfo + host in a URL
    ["127.0.0.1:8080"],
    ["127.0.0.1/x"],
    ["127.0.0.1#x"],
    ["a b"],
    ["[::1"],
    ["[127.0.0.1]"],
    ["[::1]:80"],
    ["1::2::3"],
    ["08.0.0.1"], // not octal, and a host ending in a number must be an IPv4
    ["0x100000000"], // out of range
    ["256.0.0.1"],
    ["1.2.3.4.5"],
  ])("refuses %j as invalid", (host) => {
    expect(parseHostLiteral(host)).toMatchObject({ kind: "invalid" });
  });

  it("agrees with what new URL() gives undici, for the spellings it normalizes", () => {
    for (const spelling of ["0x7f.1", "2130706433", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"]) {
      const hostname = new URL(`http://${spelling}/`).hostname;
      const fromUrl = parseHostLiteral(hostname);
      const direct = parseHostLiteral(spelling);
      expect(fromUrl).toEqual(direct);
      expect(fromUrl.kind).toBe("ip");
    }
  });
});
