import { describe, expect, it } from "vitest";
import { resolveServiceConfig } from "../../src/config/service-config.js";

const resolve = (env: Record<string, string>) =>
  resolveServiceConfig({ dev: true, dataDir: "/tmp/unused" }, env);

describe("scale-out and retention settings", () => {
  it("defaults: schema public, 10 connections, 30-day retention every 10 minutes, default lease", () => {
    expect(resolve({})).toMatchObject({
      databaseSchema: "public",
      databasePoolSize: 10,
      retentionMs: 30 * 86_400_000,
      retentionIntervalMs: 600_000,
      leaseMs: null,
    });
  });

  it("reads each from the environment", () => {
    expect(
      resolve({
        VOICEHIRE_DATABASE_SCHEMA: "voicehire_eu",
        VOICEHIRE_DATABASE_POOL_SIZE: "4",
        VOICEHIRE_RETENTION: "90d",
        VOICEHIRE_RETENTION_INTERVAL: "1h",
        VOICEHIRE_LEASE: "45s",
      }),
    ).toMatchObject({
      databaseSchema: "voicehire_eu",
      databasePoolSize: 4,
      retentionMs: 90 * 86_400_000,
      retentionIntervalMs: 3_600_000,
      leaseMs: 45_000,
    });
    expect(resolve({ VOICEHIRE_RETENTION: "off" }).retentionMs).toBeNull();
  });

  it.each([
    ["VOICEHIRE_RETENTION", "forever"],
    ["VOICEHIRE_RETENTION", "0d"],
    ["VOICEHIRE_RETENTION_INTERVAL", "often"],
    ["VOICEHIRE_DATABASE_SCHEMA", "Robert'); DROP TABLE deliveries;--"],
    ["VOICEHIRE_DATABASE_POOL_SIZE", "0"],
    ["VOICEHIRE_DATABASE_POOL_SIZE", "2.5"],
    ["VOICEHIRE_LEASE", "soon"],
  ])("refuses %s=%s, naming the setting", (setting, value) => {
    expect(() => resolve({ [setting]: value })).toThrow(new RegExp(`invalid setting ${setting}:`));
  });
});
