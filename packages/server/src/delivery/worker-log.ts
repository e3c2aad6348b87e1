import type { Logger } from "../domain/logger.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";
import type { CircuitTransition } from "./circuit-breaker.js";

/** The worker's log lines: ids and outcomes only, never a secret, a signature or a payload. */

export function logAttemptFinished(logger: Logger, claim: ClaimedDelivery, result: AttemptResult): void {
  logger.debug(
    {
      deliveryId: claim.deliveryId,
      endpointId: claim.endpointId,
      attemptNumber: claim.attemptNumber,
      statusCode: result.attempt.statusCode,
      errorKind: result.attempt.errorKind,
      durationMs: result.attempt.durationMs,
      next: result.next.status,
    },
    "voicehire-webhooks: attempt finished",
  );
}

/** An operational event: a circuit opened (warn) or closed (info). */
export function logCircuitTransition(
  logger: Logger,
  claim: ClaimedDelivery,
  transition: CircuitTransition,
  workerId: string,
): void {
  const where = { endpointId: claim.endpointId, accountId: claim.accountId, workerId };
  if (transition.kind === "opened") {
    logger.warn(
      { ...where, event: "circuit_opened", cooldownMs: transition.cooldownMs },
      "voicehire-webhooks: circuit opened: attempts to this endpoint pause, then one probe",
    );
  } else {
    logger.info(
      { ...where, event: "circuit_closed" },
      "voicehire-webhooks: circuit closed: the endpoint answers",
    );
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
