import { redactSignatures } from "../domain/attempt-headers.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";
import type { SendOutcome } from "./sender.js";

/**
 * What the management API adds around an attempt (helper B1), kept out of the worker's own files:
 * - a resend or a recovery gives a delivery a fresh retry budget: the retry schedule counts attempts
 *   from `retryBudgetStart`, while the attempt keeps its real number (`X-VoiceHire-Attempt`, the log);
 * - the attempt log keeps the request headers (signatures redacted) and the response headers.
 */

/** The claim as the retry schedule must see it: attempts counted from the start of its budget. */
export function claimWithinRetryBudget(claim: ClaimedDelivery): ClaimedDelivery {
  const start = claim.retryBudgetStart ?? 0;
  return start <= 0 ? claim : { ...claim, attemptNumber: Math.max(1, claim.attemptNumber - start) };
}

/** The result with the attempt's real number and its headers. */
export function withAttemptDetails(
  result: AttemptResult,
  claim: ClaimedDelivery,
  requestHeaders: Readonly<Record<string, string>>,
  outcome: SendOutcome,
): AttemptResult {
  const responseHeaders = outcome.kind === "answered" ? outcome.responseHeaders : undefined;
  return {
    ...result,
    attempt: {
      ...result.attempt,
      attemptNumber: claim.attemptNumber,
      requestHeaders: redactSignatures(requestHeaders),
      ...(responseHeaders === undefined ? {} : { responseHeaders }),
    },
  };
}
