import { describe, expect, it } from "vitest";
import { newCsrfToken, openSession, sealSession } from "../../../src/api/dashboard-session/session-token.js";
import { createSecretBox, generateMasterKey } from "../../../src/domain/secret-box.js";

/**
 * Session cookies are sealed under a key of their own (HKDF-SHA256 of the master key, labelled for
 * dashboard sessions), not under the endpoint secrets' key: a sealed endpoint secret can never be
 * replayed as a cookie, nor a cookie opened as a secret. Secrets sealed before keep opening.
 */
const NOW = Date.UTC(2024, 0, 15, 10, 30);

/** What a session's sealed text holds (session-token.ts), made to look as valid as can be. */
function claimsText(expiresAt: number): string {
  return JSON.stringify({
    v: 2,
    s: "ses_forged",
    h: "a".repeat(64),
    a: "acc_x",
    c: newCsrfToken(),
    e: expiresAt,
  });
}

describe("the session key is not the endpoint secrets' key", () => {
  it("a text sealed as an endpoint secret does not open as a session; sealed for sessions, it does", () => {
    const box = createSecretBox(generateMasterKey());
    const text = claimsText(NOW + 60_000);
    expect(openSession(box, box.seal(text), NOW)).toBeUndefined();
    // The same text under the sessions' key is a session: only the key made the difference.
    expect(openSession(box, box.derive("dashboard sessions").seal(text), NOW)?.sessionId).toBe("ses_forged");
  });

  it("a session cookie does not open as an endpoint secret", () => {
    const box = createSecretBox(generateMasterKey());
    const token = sealSession(box, {
      sessionId: "ses_1",
      keyHash: "b".repeat(64),
      accountId: "acc_y",
      csrfToken: newCsrfToken(),
      expiresAt: NOW + 60_000,
    });
    expect(openSession(box, token, NOW)?.sessionId).toBe("ses_1");
    expect(() => box.open(token)).toThrow();
  });

  it("secrets sealed before derived keys existed still open with the same master key", () => {
    const masterKey = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex");
    // Sealed by the secret box of the commit before this change, with the master key above.
    const sealedBefore =
      "v1.cruUiDvvijW6lWrD.AJb_zc_V4sSRdS-lv64BCg.Gq7SYC5uQMyQjOKTG7DFXDjNu7HwDc7Cp2Mf1qPd1Ps";
    expect(createSecretBox(masterKey).open(sealedBefore)).toBe("whsec-sealed-before-derived-keys");
  });

  it("each master key derives its own session key, the same one every time", () => {
    const one = createSecretBox(generateMasterKey());
    const other = createSecretBox(generateMasterKey());
    expect(one.derive("dashboard sessions")).toBe(one.derive("dashboard sessions"));
    const sealed = one.derive("dashboard sessions").seal("x");
    expect(() => other.derive("dashboard sessions").open(sealed)).toThrow();
  });
});
