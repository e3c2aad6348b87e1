import { createWebhookHandler, signVoiceHire, verifySignature } from "@voicehire/webhooks";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a runtime without Web Crypto", () => {
  it("gets a clear crypto_unavailable error (500), as a value when verifying, never a hang", async () => {
    vi.stubGlobal("crypto", undefined);
    const message =
      "@voicehire/webhooks: Web Crypto (globalThis.crypto.subtle) is not available in this runtime";
    await expect(signVoiceHire("body", "secret")).rejects.toMatchObject({
      code: "crypto_unavailable",
      message,
    });
    expect(await verifySignature("body", {}, "secret")).toMatchObject({
      ok: false,
      error: { code: "crypto_unavailable", status: 500, message },
    });
    const webhooks = createWebhookHandler({ secrets: "secret" });
    expect(await webhooks.handle("{}", {})).toMatchObject({
      outcome: "rejected",
      error: { code: "crypto_unavailable" },
    });
  });
});
