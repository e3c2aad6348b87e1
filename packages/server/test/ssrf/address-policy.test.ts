import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/ssrf/address-policy.js";

const strict = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });
const development = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: true });

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
    expect(policy.check("10.1.2.0")).toEqual({ allowed: true, because: "allowlist" });
    expect(policy.check("10.1.2.255")).toEqual({ allowed: true, because: "allowlist" });
    expect(policy.check("::ffff:10.1.2.7")).toEqual({ allowed: true, because: "allowlist" });
    expect(policy.check("fd00:1:ffff::1")).toEqual({ allowed: true, because: "allowlist" });
    expect(policy.check("10.1.3.0")).toMatchObject({ allowed: false, reason: "private" });
    expect(policy.check("10.1.1.255")).toMatchObject({ allowed: false, reason: "private" });
    expect(policy.check("fd00:2::1")).toMatchObject({ allowed: false, reason: "unique_local" });
    expect(policy.check("127.0.0.1")).toMatchObject({ allowed: false, reason: "loopback" });
    // A NAT64 or 6to4 form is reached through a gateway, not the allowlisted host: not opened.
    expect(policy.check("64:ff9b::10.1.2.7")).toMatchObject({ allowed: false, reason: "private" });
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
    expect(development.check("127.0.0.1")).toEqual({ allowed: true, because: "loopback_allowed" });
    expect(development.check("::1")).toEqual({ allowed: true, because: "loopback_allowed" });
    expect(development.check("::ffff:127.0.0.1")).toEqual({ allowed: true, because: "loopback_allowed" });
    expect(development.check("192.168.1.10")).toEqual({ allowed: true, because: "private_allowed" });
    expect(development.check("fd12::1")).toEqual({ allowed: true, because: "private_allowed" });
    expect(development.check("169.254.169.254")).toMatchObject({ allowed: false, reason: "link_local" });
    expect(development.check("fe80::1")).toMatchObject({ allowed: false, reason: "link_local" });
    expect(development.check("0.0.0.0")).toMatchObject({ allowed: false, reason: "unspecified" });
    expect(development.check("::")).toMatchObject({ allowed: false, reason: "unspecified" });
    expect(development.check("100.64.0.1")).toMatchObject({ allowed: false, reason: "cgnat" });
    // Loopback reached through a NAT64 gateway or the deprecated compatible form is not this host's loopback.
    expect(development.check("64:ff9b::127.0.0.1")).toMatchObject({ allowed: false, reason: "loopback" });
    expect(development.check("::127.0.0.1")).toMatchObject({ allowed: false, reason: "loopback" });
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
