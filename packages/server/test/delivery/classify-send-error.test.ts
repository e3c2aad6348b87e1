import { describe, expect, it } from "vitest";
import { classifySendError } from "../../src/delivery/classify-send-error.js";
import { BLOCKED_ADDRESS_ERROR_CODE } from "../../src/ssrf/blocked-address-error.js";

const withCode = (code: string, message = `failure ${code}`) => Object.assign(new Error(message), { code });

describe("classifySendError", () => {
  it.each([
    ["ECONNREFUSED", "connection_refused"],
    ["ECONNRESET", "connection_reset"],
    ["UND_ERR_SOCKET", "connection_reset"],
    ["EPIPE", "connection_reset"],
    ["ENOTFOUND", "dns"],
    ["EAI_AGAIN", "dns"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls"],
    ["CERT_HAS_EXPIRED", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
    [BLOCKED_ADDRESS_ERROR_CODE, "blocked"],
    ["EHOSTUNREACH", "network"],
  ])("%s is %s", (code, kind) => {
    expect(classifySendError(withCode(code)).errorKind).toBe(kind);
  });

  it("looks through causes (undici and fetch wrap errors)", () => {
    const wrapped = new TypeError("fetch failed", {
      cause: withCode("ECONNREFUSED", "connect ECONNREFUSED 1.2.3.4:443"),
    });
    expect(classifySendError(wrapped)).toEqual({
      errorKind: "connection_refused",
      errorMessage: "connect ECONNREFUSED 1.2.3.4:443",
    });
  });

  it("names the code in the message when the message lacks it, and keeps messages short", () => {
    expect(classifySendError(withCode("CERT_HAS_EXPIRED", "certificate has expired")).errorMessage).toBe(
      "CERT_HAS_EXPIRED: certificate has expired",
    );
    expect(classifySendError(new Error("x".repeat(1000))).errorMessage).toHaveLength(300);
  });

  it("copes with things that are not errors", () => {
    expect(classifySendError("weird")).toEqual({ errorKind: "network", errorMessage: "weird" });
    expect(classifySendError(undefined)).toEqual({ errorKind: "network", errorMessage: "unknown error" });
  });
});
