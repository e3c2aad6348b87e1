import { describe, expect, it } from "vitest";
import { resolveServiceConfig } from "../../src/config/service-config.js";

const MIB = 1024 * 1024;
const resolve = (env: Record<string, string>) =>
  resolveServiceConfig({ dev: true, dataDir: "/tmp/unused" }, env).storageRoom;

describe("the storage headroom settings", () => {
  it("default to 16 MiB kept for publishing and 8 MiB for claiming", () => {
    expect(resolve({})).toEqual({ publishHeadroomBytes: 16 * MIB, claimHeadroomBytes: 8 * MIB });
  });

  it("read both from the environment; the claim headroom follows a publish one set alone (half)", () => {
    expect(
      resolve({
        VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES: String(64 * MIB),
        VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES: String(48 * MIB),
      }),
    ).toEqual({ publishHeadroomBytes: 64 * MIB, claimHeadroomBytes: 48 * MIB });
    expect(resolve({ VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES: String(4 * MIB) })).toEqual({
      publishHeadroomBytes: 4 * MIB,
      claimHeadroomBytes: 2 * MIB,
    });
    expect(resolve({ VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES: " 0 " })).toEqual({
      publishHeadroomBytes: 0,
      claimHeadroomBytes: 0,
    });
  });

  it.each([
    ["VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES", "16MiB"],
    ["VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES", "-1"],
    ["VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES", "1.5"],
    ["VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES", "1e9"],
    ["VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES", "lots"],
    ["VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES", "9999999999999999"],
  ])("refuses %s=%s, naming the setting", (setting, value) => {
    expect(() => resolve({ [setting]: value })).toThrow(
      new RegExp(`invalid setting ${setting}: expected a number of bytes`),
    );
  });

  it("refuses a claim headroom above the publish one: workers would stop before publishing does", () => {
    expect(() =>
      resolve({
        VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES: String(8 * MIB),
        VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES: String(9 * MIB),
      }),
    ).toThrow(
      /invalid setting VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES: must not exceed VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES \(8388608\)/,
    );
  });
});
