import { describe, expect, it } from "vitest";
import type { AttemptErrorKind } from "../src/api/types";
import { explainAttempt } from "../src/explain/attempt-outcome";

/**
 * The sends that got no HTTP answer, each explained by its own title and hint. A record, so that a
 * kind added to the API's types fails to compile here until it is listed.
 */
const NETWORK_FAILURES: Record<Exclude<AttemptErrorKind, "http_status" | "timeout">, true> = {
  connection_refused: true,
  connection_reset: true,
  tls: true,
  dns: true,
  blocked: true,
  network: true,
};

/** Each way an attempt can end is told in plain words, with a hint on how to fix it. */
const attempt = (
  status_code: number | null,
  error_kind: Parameters<typeof explainAttempt>[0]["error_kind"],
  error_message: string | null = null,
) => ({
  status_code,
  error_kind,
  error_message,
  duration_ms: 12,
});

describe("explaining an attempt's outcome", () => {
  it("calls any 2xx a success, with no hint", () => {
    for (const code of [200, 201, 204, 299]) {
      expect(explainAttempt(attempt(code, null))).toEqual({
        tone: "success",
        title: "outcome.success",
        params: { code },
        hint: null,
      });
    }
  });

  it("names the failure and how to fix it, by status code", () => {
    const cases: [number, string, string][] = [
      [301, "outcome.redirect", "hint.redirect"],
      [401, "outcome.refused", "hint.signature"],
      [403, "outcome.refused", "hint.signature"],
      [404, "outcome.not_found", "hint.path"],
      [405, "outcome.not_found", "hint.path"],
      [429, "outcome.busy", "hint.busy"],
      [422, "outcome.client_error", "hint.client_error"],
      [503, "outcome.unavailable", "hint.unavailable"],
      [500, "outcome.server_error", "hint.server_error"],
    ];
    for (const [code, title, hint] of cases) {
      expect(explainAttempt(attempt(code, "http_status")), String(code)).toMatchObject({
        tone: "failure",
        title,
        hint,
      });
    }
  });

  it("names transport failures: timeout after the service's deadline, refused, certificate, DNS, blocked", () => {
    expect(explainAttempt(attempt(null, "timeout", "no complete answer within 5000 ms"))).toMatchObject({
      title: "outcome.timeout",
      params: { seconds: 5 },
      hint: "hint.timeout",
    });
    expect(explainAttempt(attempt(null, "timeout", "no complete answer within 2500 ms")).params).toEqual({
      seconds: 2.5,
    });
    for (const kind of Object.keys(NETWORK_FAILURES) as (keyof typeof NETWORK_FAILURES)[]) {
      expect(explainAttempt(attempt(null, kind))).toMatchObject({
        tone: "failure",
        title: `outcome.${kind}`,
        hint: `hint.${kind}`,
      });
    }
  });
});
