import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr } from "../../src/ssrf/cidr.js";
import { formatIpAddress, parseIpAddress } from "../../src/ssrf/ip-address.js";

function ip(text: string) {
  const parsed = parseIpAddress(text);
  if (parsed === undefined) throw new Error(`test setup: ${text} is not an IP`);
  return parsed;
}

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`test setup: ${parsed.message}`);
  return parsed.cidr;
}

describe("parseCidr", () => {
  it.each([
    ["10.1.2.0/24", "10.1.2.0/24", 4, 24],
    [" 10.1.2.0/24 ", "10.1.2.0/24", 4, 24],
    ["10.1.2.3", "10.1.2.3/32", 4, 32],
    ["0.0.0.0/0", "0.0.0.0/0", 4, 0],
    ["FD00::/8", "fd00::/8", 6, 8],
    ["2001:DB8:0:0::/64", "2001:db8::/64", 6, 64],
    ["::1", "::1/128", 6, 128],
    ["172.16.0.0/12", "172.16.0.0/12", 4, 12],
  ])("parses %j as %s", (input, text, family, prefixLength) => {
    expect(parseCidr(input)).toMatchObject({ ok: true, cidr: { text, family, prefixLength } });
  });

  it.each([
    ["10.1.2.3/24", /did you mean 10\.1\.2\.0\/24/],
    ["fd00::1/8", /did you mean fd00::\/8/],
    ["10.1.2.0/33", /0 to 32/],
    ["fd00::/129", /0 to 128/],
    ["10.1.2.0/", /prefix length/],
    ["10.1.2.0/024", /prefix length/],
    ["10.1.2.0/-1", /prefix length/],
    ["10.1.2/24", /not an IP address/],
    ["example.com/24", /not an IP address/],
    ["fe80::1%eth0/64", /not an IP address/],
    ["", /not an IP address/],
  ])("refuses %j with a message that says why", (input, message) => {
    const parsed = parseCidr(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("cidrContains", () => {
  it("tests membership at byte and bit boundaries", () => {
    expect(cidrContains(cidr("10.1.2.0/24"), ip("10.1.2.0"))).toBe(true);
    expect(cidrContains(cidr("10.1.2.0/24"), ip("10.1.2.255"))).toBe(true);
    expect(cidrContains(cidr("10.1.2.0/24"), ip("10.1.3.0"))).toBe(false);
    expect(cidrContains(cidr("10.1.2.0/24"), ip("10.1.1.255"))).toBe(false);
    expect(cidrContains(cidr("172.16.0.0/12"), ip("172.31.255.255"))).toBe(true);
    expect(cidrContains(cidr("172.16.0.0/12"), ip("172.32.0.0"))).toBe(false);
    expect(cidrContains(cidr("172.16.0.0/12"), ip("172.15.255.255"))).toBe(false);
    expect(cidrContains(cidr("0.0.0.0/0"), ip("203.0.113.1"))).toBe(true);
    expect(cidrContains(cidr("fe80::/10"), ip("febf::1"))).toBe(true);
    expect(cidrContains(cidr("fe80::/10"), ip("fec0::1"))).toBe(false);
    expect(cidrContains(cidr("10.1.2.3"), ip("10.1.2.3"))).toBe(true);
    expect(cidrContains(cidr("10.1.2.3"), ip("10.1.2.4"))).toBe(false);
  });

  it("never matches across families", () => {
    expect(cidrContains(cidr("0.0.0.0/0"), ip("::1"))).toBe(false);
    expect(cidrContains(cidr("::/0"), ip("127.0.0.1"))).toBe(false);
  });
});

describe("formatIpAddress", () => {
  it.each([
    ["0:0:0:0:0:0:0:1", "::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // the first of two equal runs
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a single zero group is not compressed
    ["::ffff:127.0.0.1", "::ffff:7f00:1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"], // the longest run
    ["0:0:0:0:0:0:0:0", "::"],
    ["1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"],
  ])("writes %s as %s", (input, text) => {
    expect(formatIpAddress(ip(input))).toBe(text);
  });
});
