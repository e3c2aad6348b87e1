import { describe, expect, it } from "vitest";
import { validateEndpointUrl } from "../../server/src/domain/endpoint-url";
import { checkEndpointUrl } from "../src/explain/url-check";

/**
 * The URL check the page runs as the user types must agree with the service's own rule: what the page
 * calls fine, the service accepts, and the other way round, in both modes.
 */
const URLS = [
  "https://example.com/webhooks",
  "https://api.example.fr:8443/hooks/voicehire?x=1",
  "http://example.com/webhooks",
  "ftp://example.com/x",
  "example.com/webhooks",
  "https://",
  "https://user:pass@example.com/x",
  "https://localhost/hook",
  "https://app.localhost/hook",
  "https://127.0.0.1:9000/hook",
  "https://10.1.2.3/hook",
  "https://172.16.0.1/hook",
  "https://172.32.0.1/hook",
  "https://192.168.1.10/hook",
  "https://169.254.169.254/latest",
  "https://100.64.0.1/x",
  "https://8.8.8.8/hook",
  "https://[::1]/hook",
  "https://[fe80::1]/hook",
  "https://[fd00::1]/hook",
  "https://[2001:db8::1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  `https://example.com/${"a".repeat(2100)}`,
  "javascript:alert(1)",
  "https://xn--exmple-cua.com/hook",
];

describe("the endpoint URL check as you type", () => {
  for (const developmentMode of [false, true]) {
    it(`agrees with the service's rule (development mode ${developmentMode})`, () => {
      for (const url of URLS) {
        const page = checkEndpointUrl(url, developmentMode);
        const service = validateEndpointUrl(url, { developmentMode });
        expect(
          page.kind === "ok",
          `${url}: page says ${JSON.stringify(page)}, service ${JSON.stringify(service)}`,
        ).toBe(service.length === 0);
      }
    });
  }

  /** Each URL typed, in which mode (dev or not), and what the page says about it. */
  const verdicts: [url: string, dev: boolean, verdict: ReturnType<typeof checkEndpointUrl>][] = [
    ["", false, { kind: "empty" }],
    ["example.com/hook", false, { kind: "invalid", reason: "url.needs_https_prefix" }],
    ["http://example.com/hook", false, { kind: "invalid", reason: "url.needs_https" }],
    ["https://192.168.1.1/hook", false, { kind: "invalid", reason: "url.no_local" }],
    ["https://a:b@example.com/", false, { kind: "invalid", reason: "url.no_credentials" }],
    ["https://example.com/hook", false, { kind: "ok", note: null }],
    ["http://127.0.0.1:9000/hook", true, { kind: "ok", note: "url.ok_http_dev" }],
    ["https://127.0.0.1:9000/hook", true, { kind: "ok", note: "url.ok_local_dev" }],
  ];
  it("says what is wrong in words the user can act on", () => {
    for (const [url, dev, verdict] of verdicts) expect(checkEndpointUrl(url, dev), url).toEqual(verdict);
  });
});
