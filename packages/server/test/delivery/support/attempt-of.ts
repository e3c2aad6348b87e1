import { type AttemptResultInput, attemptResultOf } from "../../../src/delivery/attempt-result.js";
import type { SendOutcome } from "../../../src/delivery/sender.js";
import type { AttemptResult } from "../../../src/store/port.js";

/**
 * The result of attempt `attemptNumber` of delivery dlv_1 by worker w1, from 10 000 to 10 050 ms;
 * `input` gives the retry policy and overrides the rest.
 */
export function attemptOf(
  attemptNumber: number,
  outcome: SendOutcome,
  input: Partial<AttemptResultInput> & Pick<AttemptResultInput, "retry">,
): AttemptResult {
  return attemptResultOf({
    workerId: "w1",
    deliveryId: "dlv_1",
    attemptNumber,
    outcome,
    startedAt: 10_000,
    finishedAt: 10_050,
    ...input,
  });
}
