import { describeFailure, settleWithin } from "./settle-within.js";

/** One condition of readiness: `ok`, or why not. */
export type CheckOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ReadinessCheck {
  /** Names the check in the `/readyz` answer (`store`, `migrations`, `workers`). */
  readonly name: string;
  run(): Promise<CheckOutcome> | CheckOutcome;
}

export interface CheckReport {
  readonly status: "ok" | "failing";
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckReport>>;
}

/** A check that has not answered after this long is failing (a probe must answer quickly). */
export const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check at once, each bounded by `timeoutMs`; ready when every one is ok. */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs: number = CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const outcomes = await Promise.all(
    checks.map(async (check): Promise<[string, CheckReport]> => {
      const settled = await settleWithin(async () => check.run(), timeoutMs);
      if (settled.kind !== "done") {
        return [check.name, { status: "failing", reason: describeFailure(settled, timeoutMs) }];
      }
      const outcome = settled.value;
      return [check.name, outcome.ok ? { status: "ok" } : { status: "failing", reason: outcome.reason }];
    }),
  );
  return {
    ready: outcomes.every(([, report]) => report.status === "ok"),
    checks: Object.fromEntries(outcomes),
  };
}
