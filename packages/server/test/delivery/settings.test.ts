import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultDeliverySettings, deliverySettingsProblem } from "../../src/delivery/settings.js";
import { createDeliveryWorker } from "../../src/delivery/worker.js";
import { systemClock } from "../../src/domain/clock.js";
import { silentLogger } from "../../src/domain/logger.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import type { Store } from "../../src/store/port.js";

describe("delivery settings", () => {
  it("defaults to the source doc's rules: 5 s attempts, 4 attempts", () => {
    expect(defaultDeliverySettings.attemptTimeoutMs).toBe(5000);
    expect(defaultDeliverySettings.retrySchedule.delaysMs).toHaveLength(3);
    expect(defaultDeliverySettings.responseExcerptBytes).toBe(1024);
    expect(deliverySettingsProblem(defaultDeliverySettings)).toBeUndefined();
  });

  it("names the package version in the User-Agent", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(defaultDeliverySettings.userAgent).toBe(`VoiceHire-Webhooks/${manifest.version}`);
  });

  it("names the setting that is wrong", () => {
    expect(deliverySettingsProblem({ ...defaultDeliverySettings, maxInFlight: 0 })).toMatch(/maxInFlight/);
    expect(deliverySettingsProblem({ ...defaultDeliverySettings, leaseMs: 5000 })).toMatch(/leaseMs/);
    expect(
      deliverySettingsProblem({
        ...defaultDeliverySettings,
        retrySchedule: { delaysMs: [-5], jitterRatio: 0 },
      }),
    ).toMatch(/retry delays/);
  });
});

describe("delivery settings: reliability", () => {
  // Circuit settings moved to the store (domain/circuit-rule.ts; see circuit-breaker.test.ts).
  it("defaults: Retry-After honoured up to 1 h, disabling after 5 days", () => {
    expect(defaultDeliverySettings).toMatchObject({
      maxRetryAfterMs: 3_600_000,
      autoDisableAfterMs: 5 * 24 * 3_600_000,
      autoDisableCheckIntervalMs: 60_000,
    });
  });

  it("names a wrong reliability setting, and the worker refuses to start with one", () => {
    expect(deliverySettingsProblem({ ...defaultDeliverySettings, autoDisableAfterMs: Number.NaN })).toMatch(
      /autoDisableAfterMs/,
    );
    const deps = {
      store: {} as Store,
      sender: { send: () => Promise.reject(new Error("unused")), close: async () => {} },
      secretBox: createSecretBox(generateMasterKey()),
      clock: systemClock,
      logger: silentLogger,
    };
    expect(() =>
      createDeliveryWorker({ ...deps, settings: { ...defaultDeliverySettings, maxRetryAfterMs: -1 } }),
    ).toThrow(/voicehire-webhooks: the delivery setting maxRetryAfterMs must be a positive number/);
    expect(() =>
      createDeliveryWorker({ ...deps, settings: { ...defaultDeliverySettings, leaseMs: 1000 } }),
    ).toThrow(/leaseMs/);
  });
});
