import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CircuitRecord,
  circuitAfterOutcome,
  circuitAfterOutcomes,
  circuitAfterResend,
  circuitSettingsProblem,
  circuitStateAt,
  closedCircuit,
  defaultCircuitSettings,
  mayTakeProbe,
} from "../../src/domain/circuit-rule.js";

const settings = { failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 3_000 };

const failure = (finishedAt: number, deliveryId = "dlv_x") => ({ deliveryId, finishedAt, succeeded: false });
const success = (finishedAt: number, deliveryId = "dlv_x") => ({ deliveryId, finishedAt, succeeded: true });

/** The probe a claim takes: what the stores write when they lease it. */
const probing = (record: CircuitRecord, deliveryId: string, until: number): CircuitRecord => ({
  ...record,
  probeDeliveryId: deliveryId,
  probeLeaseUntil: until,
});

describe("circuit rule (kept by the store, decided here)", () => {
  it("opens at the threshold of failures in a row; a success in between starts the count again", () => {
    const twice = circuitAfterOutcomes(closedCircuit, [failure(1), failure(2)], settings);
    expect(circuitAfterOutcome(twice, success(3), settings)).toBe(closedCircuit);
    const opened = circuitAfterOutcomes(closedCircuit, [failure(30), failure(10), failure(20)], settings);
    // Applied in the order they finished: opened by the one at 30, paused for the cool-down after it.
    expect(opened).toEqual({
      consecutiveFailures: 3,
      openedAt: 30,
      pausedUntil: 1_030,
      cooldownMs: 1_000,
      probeDeliveryId: null,
      probeLeaseUntil: null,
    });
    expect(circuitStateAt(opened, 1_029)).toBe("open");
    expect(circuitStateAt(opened, 1_030)).toBe("half_open");
    expect(mayTakeProbe(opened, 1_029)).toBe(false);
    expect(mayTakeProbe(opened, 1_030)).toBe(true);
  });

  it("a probe under way blocks another until its lease ends; its failure doubles the pause up to the maximum", () => {
    let record = circuitAfterOutcomes(closedCircuit, [failure(0), failure(0), failure(0)], settings);
    const pauses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const at = record.pausedUntil ?? 0;
      record = probing(record, "dlv_probe", at + 500);
      expect(mayTakeProbe(record, at + 499)).toBe(false);
      expect(mayTakeProbe(record, at + 500)).toBe(true); // its worker vanished: another may be taken
      // A late failure of an attempt started before the circuit opened changes no pause.
      expect(circuitAfterOutcome(record, failure(at + 10, "dlv_old"), settings).pausedUntil).toBe(at);
      record = circuitAfterOutcome(record, failure(at + 100, "dlv_probe"), settings);
      pauses.push((record.pausedUntil ?? 0) - (at + 100));
    }
    expect(pauses).toEqual([2_000, 3_000, 3_000]);
    expect(circuitAfterOutcome(record, success(99_999, "dlv_any"), settings)).toBe(closedCircuit);
  });

  it("a person's resend makes that delivery the probe at once, unless a probe is under way", () => {
    const opened = circuitAfterOutcomes(closedCircuit, [failure(0), failure(0), failure(0)], settings);
    expect(circuitAfterResend(closedCircuit, "dlv_r", 10)).toBeUndefined();
    const asked = circuitAfterResend(opened, "dlv_r", 10);
    expect(asked).toMatchObject({ probeDeliveryId: "dlv_r", probeLeaseUntil: null, pausedUntil: 1_000 });
    expect(asked && mayTakeProbe(asked, 10)).toBe(true);
    expect(circuitAfterResend(probing(opened, "dlv_p", 2_000), "dlv_r", 1_500)).toBeUndefined();
  });

  it("property: the state follows a plain model of any sequence of outcomes and probes", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("outcome" as const), succeeded: fc.boolean(), probe: fc.boolean() }),
      fc.record({ kind: fc.constant("probe" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let record: CircuitRecord = closedCircuit;
        let model = { failures: 0, open: false, cooldown: 0 };
        let now = 0;
        for (const s of steps) {
          now += 10;
          if (s.kind === "probe") {
            if (mayTakeProbe(record, now)) record = probing(record, "dlv_probe", now + 5);
            continue;
          }
          const deliveryId =
            s.probe && record.probeDeliveryId !== null ? record.probeDeliveryId : "dlv_other";
          const isProbe = record.openedAt !== null && deliveryId === record.probeDeliveryId;
          record = circuitAfterOutcome(
            record,
            { deliveryId, finishedAt: now, succeeded: s.succeeded },
            settings,
          );
          if (s.succeeded) model = { failures: 0, open: false, cooldown: 0 };
          else if (!model.open) {
            model.failures++;
            if (model.failures >= settings.failureThreshold)
              model = { ...model, open: true, cooldown: 1_000 };
          } else {
            model.failures++;
            if (isProbe) model.cooldown = Math.min(model.cooldown * 2, settings.maxCooldownMs);
          }
          expect(record.consecutiveFailures).toBe(model.failures);
          expect(record.openedAt !== null).toBe(model.open);
          if (model.open) {
            expect(record.cooldownMs).toBe(model.cooldown);
            expect(record.pausedUntil).toBeGreaterThan(record.openedAt ?? 0);
          } else expect(record).toEqual({ ...closedCircuit, consecutiveFailures: model.failures });
        }
      }),
    );
  });

  it("names a wrong setting; the defaults open after 5 failures for 30 s to 10 min", () => {
    expect(defaultCircuitSettings).toEqual({
      failureThreshold: 5,
      cooldownMs: 30_000,
      maxCooldownMs: 600_000,
    });
    expect(circuitSettingsProblem(defaultCircuitSettings)).toBeUndefined();
    expect(circuitSettingsProblem({ ...settings, failureThreshold: 0 })).toMatch(/failureThreshold/);
    expect(circuitSettingsProblem({ ...settings, cooldownMs: 5_000 })).toMatch(/maxCooldownMs/);
  });
});
