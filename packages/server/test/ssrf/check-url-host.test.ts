import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/ssrf/address-policy.js";
import { checkUrlHost } from "../../src/ssrf/check-url-host.js";

const strict = createAddressPolicy({ allowCidrs: [], allowLoopback: false, allowPrivate: false });
const development = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: true });

describe("checkUrlHost", () => {
  // Issue 7: decimal/octal/hex and IPv6-mapped spellings of private addresses, refused outside the allowlist.
  it.each([
    ["http://127.0.0.1/", "loopback", "127.0.0.1"],
    ["http://2130706433/", "loopback", "127.0.0.1"],
    ["http://0177.0.0.1/", "loopback", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "loopback", "127.0.0.1"],
    ["http://0x7f000001/", "loopback", "127.0.0.1"],
    ["http://127.1/", "loopback", "127.0.0.1"],
    ["https://127.0.0.1.:8443/x", "loopback", "127.0.0.1"],
    ["http://0/", "unspecified", "0.0.0.0"],
    ["http://[::]/", "unspecified", "::"],
    ["http://[::1]:8080/", "loopback", "::1"],
    ["http://[::ffff:127.0.0.1]/", "loopback", "::ffff:7f00:1"],
    ["http://[::ffff:7f00:1]/", "loopback", "::ffff:7f00:1"],
    ["http://169.254.169.254/latest/meta-data/", "link_local", "169.254.169.254"],
    ["http://2852039166/", "link_local", "169.254.169.254"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "link_local", "169.254.169.254"],
    ["http://[::ffff:169.254.169.254]/", "link_local", "::ffff:a9fe:a9fe"],
    ["http://[64:ff9b::169.254.169.254]/", "link_local", "64:ff9b::a9fe:a9fe"],
    ["http://[2002:a9fe:a9fe::1]/", "link_local", "2002:a9fe:a9fe::1"],
    ["https://10.0.0.1/", "private", "10.0.0.1"],
    ["https://012.0.0.1/", "private", "10.0.0.1"],
    ["https://167772161/", "private", "10.0.0.1"],
    ["https://0xc0a80001/", "private", "192.168.0.1"],
    ["https://[::ffff:c0a8:1]/", "private", "::ffff:c0a8:1"],
    ["https://[::ffff:172.16.0.1]/", "private", "::ffff:ac10:1"],
    ["https://100.64.0.1/", "cgnat", "100.64.0.1"],
    ["https://[fd00::1]/", "unique_local", "fd00::1"],
    ["https://[fe80::1]/", "link_local", "fe80::1"],
    ["https://224.0.0.1/", "multicast", "224.0.0.1"],
    ["https://255.255.255.255/", "broadcast", "255.255.255.255"],
  ])("refuses %s (%s)", (url, reason, address) => {
    const check = checkUrlHost(url, strict);
    expect(check.allowed).toBe(false);
    if (check.allowed) return;
    expect(check.error.code).toBe("VH_BLOCKED_ADDRESS");
    expect(check.error).toMatchObject({ reason, address });
    expect(check.error.message).toContain(address);
  });

  it("lets names through (the guarded lookup checks them at connect time) and public literals", () => {
    expect(checkUrlHost("https://hooks.example.com/x", strict)).toEqual({
      allowed: true,
      host: { kind: "name", name: "hooks.example.com" },
    });
    expect(checkUrlHost("https://localhost/", strict)).toMatchObject({
      allowed: true,
      host: { kind: "name" },
    });
    expect(checkUrlHost(new URL("https://93.184.216.34/"), strict)).toEqual({
      allowed: true,
      host: { kind: "ip", family: 4, address: "93.184.216.34" },
    });
    expect(checkUrlHost("https://[2606:4700:4700::1111]/", strict)).toMatchObject({ allowed: true });
  });

  it("refuses what is not a URL as invalid", () => {
    const check = checkUrlHost("not a url", strict);
    expect(check).toMatchObject({ allowed: false, error: { code: "VH_BLOCKED_ADDRESS", reason: "invalid" } });
  });

  it("follows the policy: development mode allows loopback and private literals, not metadata", () => {
    expect(checkUrlHost("http://127.1:3000/hook", development)).toMatchObject({ allowed: true });
    expect(checkUrlHost("http://[::1]:3000/hook", development)).toMatchObject({ allowed: true });
    expect(checkUrlHost("http://192.168.1.20/hook", development)).toMatchObject({ allowed: true });
    expect(checkUrlHost("http://2852039166/", development)).toMatchObject({ allowed: false });
  });
});
