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
    // Each range, the addresses just inside it, and those just outside.
    const boundaries: [range: string, inside: string[], outside: string[]][] = [
      ["10.1.2.0/24", ["10.1.2.0", "10.1.2.255"], ["10.1.3.0", "10.1.1.255"]],
      ["172.16.0.0/12", ["172.31.255.255"], ["172.32.0.0", "172.15.255.255"]],
      ["0.0.0.0/0", ["203.0.113.1"], []],
      ["fe80::/10", ["febf::1"], ["fec0::1"]],
      ["10.1.2.3", ["10.1.2.3"], ["10.1.2.4"]],
    ];
    for (const [range, inside, outside] of boundaries) {
      for (const address of inside)
        expect(cidrContains(cidr(range), ip(address)), `${address} in ${range}`).toBe(true);
      for (const address of outside)
        expect(cidrContains(cidr(range), ip(address)), `${address} not in ${range}`).toBe(false);
    }
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
