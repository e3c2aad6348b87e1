import { describe, expect, it } from "vitest";
import { validateEndpointUrl } from "../../src/domain/endpoint-url.js";

const production = { developmentMode: false };
const development = { developmentMode: true };

describe("validateEndpointUrl", () => {
  it.each([
    "https://hooks.example.com/voicehire",
    "https://hooks.example.com:8443/a?b=c",
    "https://8.8.8.8/hook",
    "https://[2001:4860:4860::8888]/hook",
    "https://172.32.0.1/", // just outside 172.16/12
    "https://100.128.0.1/", // just outside 100.64/10
  ])("accepts %s", (url) => {
    expect(validateEndpointUrl(url, production)).toEqual([]);
  });

  it.each([
    [42, "must be a string"],
    ["hooks.example.com/x", "absolute URL"],
    ["http://hooks.example.com/x", "must use https"],
    ["ftp://hooks.example.com/x", "must use https"],
    ["javascript:alert(1)", "must use https"],
    ["https://user:secret@hooks.example.com/", "user name or password"],
    ["https://localhost/x", "localhost"],
    ["https://LOCALHOST./x", "localhost"],
    ["https://api.localhost/x", "localhost"],
    ["https://127.0.0.1/x", "127.0.0.1"],
    ["https://2130706433/x", "127.0.0.1"], // decimal spelling, normalized by the URL parser
    ["https://0x7f.1/x", "127.0.0.1"],
    ["https://0.0.0.0/x", "0.0.0.0"],
    ["https://10.0.0.1/x", "10.0.0.1"],
    ["https://172.16.5.4/x", "172.16.5.4"],
    ["https://192.168.1.1/x", "192.168.1.1"],
    ["https://169.254.169.254/latest/meta-data", "169.254.169.254"],
    ["https://100.64.0.1/x", "100.64.0.1"],
    ["https://[::1]/x", "[::1]"],
    ["https://[::]/x", "[::]"],
    ["https://[fe80::1]/x", "[fe80::1]"],
    ["https://[fd00::1]/x", "[fd00::1]"],
    ["https://[::ffff:127.0.0.1]/x", "::ffff:7f00:1"],
    [`https://example.com/${"a".repeat(2048)}`, "at most 2048"],
  ])("refuses %s outside development mode", (url, reason) => {
    const issues = validateEndpointUrl(url, production);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("url");
    expect(issues[0]?.message).toContain(reason);
  });

  it("allows plain http and local hosts in development mode, but still only http(s)", () => {
    expect(validateEndpointUrl("http://127.0.0.1:8080/hook", development)).toEqual([]);
    expect(validateEndpointUrl("http://localhost:8080/hook", development)).toEqual([]);
    expect(validateEndpointUrl("https://[::1]/hook", development)).toEqual([]);
    expect(validateEndpointUrl("ftp://127.0.0.1/hook", development)[0]?.message).toContain("https or http");
  });
});
