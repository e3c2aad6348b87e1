import { describe, expect, it } from "vitest";
import { type ListenFlags, resolveListenSettings } from "../../src/cli/listen/listen-settings.js";

/** How `listen` reads its flags and environment. */
describe("listen settings", () => {
  it("defaults to 127.0.0.1:9000, every path, no secret, no forwarding", () => {
    const resolved = resolveListenSettings({}, {});
    expect(resolved).toMatchObject({
      ok: true,
      settings: { host: "127.0.0.1", port: 9000, path: "/", secrets: [] },
    });
    expect(resolved.ok && "forwardTo" in resolved.settings).toBe(false);
  });

  it("takes the secret from VOICEHIRE_WEBHOOK_SECRET when no --secret is given", () => {
    const env = { VOICEHIRE_WEBHOOK_SECRET: "from-env" };
    expect(resolveListenSettings({}, env)).toMatchObject({ settings: { secrets: ["from-env"] } });
    expect(resolveListenSettings({ secret: ["a", "b"] }, env)).toMatchObject({
      settings: { secrets: ["a", "b"] },
    });
  });

  it("refuses bad flags with a message naming the flag", () => {
    const refusal = (flags: ListenFlags) => {
      const resolved = resolveListenSettings(flags, {});
      return resolved.ok ? "accepted" : resolved.message;
    };
    expect(refusal({ port: "70000" })).toMatch(/^voicehire-webhooks: --port must be a whole number/);
    expect(refusal({ port: "abc" })).toContain("--port");
    expect(refusal({ path: "webhooks" })).toContain('--path must start with "/"');
    expect(refusal({ secret: [""] })).toContain("--secret must not be empty");
    expect(refusal({ forwardTo: "localhost:3000/hook" })).toContain(
      "--forward-to must be an http:// or https:// URL",
    );
    expect(refusal({ forwardTo: "ftp://127.0.0.1/x" })).toContain("--forward-to");
    expect(refusal({ host: " " })).toContain("--host");
  });
});
