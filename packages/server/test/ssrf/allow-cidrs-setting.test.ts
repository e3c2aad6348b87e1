import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressPolicyFor } from "../../src/app/address-policy-for.js";
import { ConfigError, resolveServiceConfig } from "../../src/config/service-config.js";
import { createAddressPolicy } from "../../src/ssrf/index.js";

const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
const configWith = (env: Record<string, string>) =>
  resolveServiceConfig({ dataDir: "/tmp/unused" }, { VOICEHIRE_MASTER_KEY: MASTER_KEY, ...env });

describe("VOICEHIRE_ALLOW_CIDRS", () => {
  it("reaches the SSRF guard: exactly the listed private blocks become reachable, in production", () => {
    const allowed = createAddressPolicy(
      addressPolicyFor(configWith({ VOICEHIRE_ALLOW_CIDRS: " 10.1.2.0/24, 192.168.7.8 ,fd00:1::/64" })),
    );
    const closed = createAddressPolicy(addressPolicyFor(configWith({})));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (third, fourth) => {
        const ip = `10.1.${third}.${fourth}`;
        expect(allowed.check(ip).allowed).toBe(third === 2);
        expect(closed.check(ip).allowed).toBe(false);
      }),
    );
    expect(allowed.check("192.168.7.8").allowed).toBe(true);
    expect(allowed.check("192.168.7.9").allowed).toBe(false);
    expect(allowed.check("fd00:1::5").allowed).toBe(true);
    expect(allowed.check("127.0.0.1").allowed).toBe(false); // loopback stays closed unless listed
    expect(allowed.check("93.184.216.34").allowed).toBe(true); // public addresses as before
  });

  it("refuses a bad entry at start, naming the setting and the entry", () => {
    for (const bad of ["10.1.2.0/33", "10.1.2.1/24", "intranet", "10.0.0.0/8,,nope"]) {
      expect(() => configWith({ VOICEHIRE_ALLOW_CIDRS: bad })).toThrow(ConfigError);
      expect(() => configWith({ VOICEHIRE_ALLOW_CIDRS: bad })).toThrow(/VOICEHIRE_ALLOW_CIDRS: "/);
    }
  });
});
