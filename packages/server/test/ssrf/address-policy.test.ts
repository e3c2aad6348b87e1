import { describe, expect, it } from "vitest";
import { type AddressPolicy, createAddressPolicy } from "../../src/ssrf/address-policy.js";

const strict = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });
const development = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: true });

/** Each address of `allowed` is allowed because of its key; each of `refused`, refused for its key. */
function expectChecks(
  policy: AddressPolicy,
  verdicts: { allowed: Record<string, string[]>; refused: Record<string, string[]> },
): void {
  for (const [because, addresses] of Object.entries(verdicts.allowed))
    for (const address of addresses)
      expect(policy.check(address), address).toEqual({ allowed: true, because });
  for (const [reason, addresses] of Object.entries(verdicts.refused))
    for (const address of addresses)
      expect(policy.check(address), address).toMatchObject({ allowed: false, reason });
}

describe("createAddressPolicy", () => {
  it("strict: allows public addresses, refuses the rest with the reason and range", () => {
    expect(strict.check("8.8.8.8")).toEqual({ allowed: true, because: "public" });
    expect(strict.check("127.0.0.1")).toEqual({ allowed: false, reason: "loopback", range: "127.0.0.0/8" });
    expect(strict.check("10.1.2.3")).toMatchObject({ allowed: false, reason: "private" });
    expect(strict.check("169.254.169.254")).toMatchObject({ allowed: false, reason: "link_local" });
    expect(strict.check("not-an-ip")).toMatchObject({ allowed: false, reason: "invalid" });
  });

  it("an allowlisted CIDR opens exactly its addresses, and their IPv4-mapped forms", () => {
    const policy = createAddressPolicy({
      allowCidrs: ["10.1.2.0/24", "fd00:1::/32"],
      allowLoopback: false,
      allowPrivate: false,
    });
    expectChecks(policy, {
      allowed: { allowlist: ["10.1.2.0", "10.1.2.255", "::ffff:10.1.2.7", "fd00:1:ffff::1"] },
      // A NAT64 or 6to4 form is reached through a gateway, not the allowlisted host: not opened.
      refused: {
        private: ["10.1.3.0", "10.1.1.255", "64:ff9b::10.1.2.7"],
        unique_local: ["fd00:2::1"],
        loopback: ["127.0.0.1"],
      },
    });
  });

  it("an operator can allowlist even the metadata address, explicitly", () => {
    const policy = createAddressPolicy({
      allowCidrs: ["169.254.169.254"],
      allowLoopback: false,
      allowPrivate: false,
    });
    expect(policy.check("169.254.169.254")).toEqual({ allowed: true, because: "allowlist" });
    expect(policy.check("169.254.169.253")).toMatchObject({ allowed: false, reason: "link_local" });
  });

  it("development mode allows loopback and private, but not metadata, link-local, unspecified or CGNAT", () => {
    expectChecks(development, {
      allowed: {
        loopback_allowed: ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
        private_allowed: ["192.168.1.10", "fd12::1"],
      },
      refused: {
        link_local: ["169.254.169.254", "fe80::1"],
        unspecified: ["0.0.0.0", "::"],
        cgnat: ["100.64.0.1"],
        // Loopback reached through a NAT64 gateway or the deprecated compatible form is not this host's.
        loopback: ["64:ff9b::127.0.0.1", "::127.0.0.1"],
      },
    });
  });

  it("loopback and private switches are independent", () => {
    const loopbackOnly = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: false });
    expect(loopbackOnly.check("127.0.0.1").allowed).toBe(true);
    expect(loopbackOnly.check("10.0.0.1").allowed).toBe(false);
    const privateOnly = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: true });
    expect(privateOnly.check("127.0.0.1").allowed).toBe(false);
    expect(privateOnly.check("10.0.0.1").allowed).toBe(true);
  });

  it("fails at start on a bad allowlist entry, naming it", () => {
    expect(() =>
      createAddressPolicy({ allowCidrs: ["10.1.2.3/24"], allowLoopback: false, allowPrivate: false }),
    ).toThrow(
      /^voicehire-webhooks: invalid SSRF allowlist entry: "10\.1\.2\.3\/24" .*did you mean 10\.1\.2\.0\/24/,
    );
    expect(() =>
      createAddressPolicy({ allowCidrs: ["intranet"], allowLoopback: false, allowPrivate: false }),
    ).toThrow(/"intranet"/);
  });

  it("is frozen: a policy cannot be widened after it was built", () => {
    expect(Object.isFrozen(strict)).toBe(true);
    expect(Object.isFrozen(strict.allowCidrs)).toBe(true);
  });
});
