import { describe, expect, it } from "vitest";
import { checkReadiness, type ReadinessCheck } from "../../src/observability/readiness.js";
import { migrationsAppliedCheck, workersRunningCheck } from "../../src/observability/readiness-checks.js";

const ok = (name: string): ReadinessCheck => ({ name, run: () => ({ ok: true }) });

describe("readiness", () => {
  it("is ready when every check is ok", async () => {
    expect(await checkReadiness([ok("store"), ok("workers")])).toEqual({
      ready: true,
      checks: { store: { status: "ok" }, workers: { status: "ok" } },
    });
  });

  it("is not ready when one check fails, says which and why, and still runs the others", async () => {
    let running = false;
    const report = await checkReadiness([ok("store"), workersRunningCheck(() => running)]);
    expect(report).toEqual({
      ready: false,
      checks: {
        store: { status: "ok" },
        workers: { status: "failing", reason: "the delivery workers are not running" },
      },
    });
    running = true;
    expect((await checkReadiness([workersRunningCheck(() => running)])).ready).toBe(true);
  });

  it("a check that throws is failing, with the error's message", async () => {
    const broken: ReadinessCheck = {
      name: "store",
      run: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
    };
    expect(await checkReadiness([broken])).toEqual({
      ready: false,
      checks: { store: { status: "failing", reason: "connect ECONNREFUSED 127.0.0.1:5432" } },
    });
  });

  it("a check that never answers is failing after the timeout: the probe itself never hangs", async () => {
    const hung: ReadinessCheck = { name: "store", run: () => new Promise<never>(() => {}) };
    const started = Date.now();
    const report = await checkReadiness([hung, ok("workers")], 50);
    expect(report.checks.store).toEqual({ status: "failing", reason: "no answer within 50 ms" });
    expect(report.checks.workers).toEqual({ status: "ok" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("migrations: failing until the flag says they are applied", async () => {
    let applied = false;
    const check = migrationsAppliedCheck(() => applied);
    expect((await checkReadiness([check])).checks.migrations?.status).toBe("failing");
    applied = true;
    expect((await checkReadiness([check])).checks.migrations?.status).toBe("ok");
  });
});
