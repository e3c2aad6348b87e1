/**
 * A PostgreSQL claim commits each of its statements on its own (`claim-leasing.ts`), so a failure of a
 * later statement cannot undo what an earlier one leased: those deliveries are handed to the worker
 * instead of waiting out their lease unsent. Only a claim that leased nothing fails. The steps are
 * driven here by a stand-in for the transactions, answering the first statement as PostgreSQL would
 * for a window clogged by skipped endpoints (which makes the claim take its second way) and failing the
 * second as a dropped connection would.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ClaimInput } from "../../src/store/port.js";
import { type ClaimStep, claimDueDeliveries } from "../../src/store/postgres/claim-leasing.js";
import type { Queryable } from "../../src/store/postgres/connection.js";

const T0 = 1_700_000_000_000;
const input: ClaimInput = { workerId: "worker-1", now: T0, leaseMs: 30_000, limit: 10, maxPerEndpoint: 5 };

/** The first statement's answer: one delivery leased of the 10 wanted, out of a full window of 64. */
const leasedRow = {
  chosen: 1,
  scanned: 64,
  id: "dlv_first",
  account_id: "acc_1",
  endpoint_id: "ep_1",
  event_id: "evt_1",
  event_type: "campaign.created",
  attempt_count: 0,
  retry_budget_start: 0,
  next_attempt_at: String(T0),
  url: "https://hooks.example.com/1",
  sealed_secret: null,
  previous_secrets: [],
  signing_keys: [],
  body: Buffer.from('{"id":"evt_1"}'),
};

function answering(rows: readonly object[]): Queryable {
  return { query: async () => ({ rows }) as unknown as pg.QueryResult };
}

/** Runs the statements of one claim: the first answers `first` (or fails), the next ones fail. */
function steps(first: "answers" | "fails"): { inStep: ClaimStep; count: () => number } {
  let calls = 0;
  const inStep: ClaimStep = async (work) => {
    calls++;
    if (calls === 1 && first === "answers") return work(answering([leasedRow]));
    throw new Error("Connection terminated unexpectedly");
  };
  return { inStep, count: () => calls };
}

describe("a PostgreSQL claim whose second statement fails", () => {
  it("hands on what its first statement leased", async () => {
    const { inStep, count } = steps("answers");
    const claimed = await claimDueDeliveries(inStep, input);
    expect(count()).toBe(2); // the clogged window made it take the second way, which failed
    expect(claimed.map((delivery) => delivery.deliveryId)).toEqual(["dlv_first"]);
    expect(claimed[0]).toMatchObject({ endpointId: "ep_1", eventId: "evt_1", attemptNumber: 1 });
  });

  it("fails when nothing was leased before the failure", async () => {
    const { inStep } = steps("fails");
    await expect(claimDueDeliveries(inStep, input)).rejects.toThrow("Connection terminated unexpectedly");
  });
});
