import type { Logger } from "../domain/logger.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";

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
    "attempt finished",
  );
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
