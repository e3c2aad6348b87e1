import type { Clock } from "../domain/clock.js";
import type { SecretBox } from "../domain/secret-box.js";
import { storableAttempt } from "../domain/storable-attempt.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";
import { claimWithinRetryBudget, withAttemptDetails } from "./attempt-details.js";
import { attemptResultOf } from "./attempt-result.js";
import { createSecretOpener } from "./secret-opener.js";
import type { DeliverySender, SendOutcome } from "./sender.js";
import type { DeliverySettings } from "./settings.js";
import { deliveryHeaders } from "./signing.js";

export interface AttemptMakerDeps {
  readonly sender: DeliverySender;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  readonly workerId: string;
  readonly random: () => number;
}

export type StartedAttempt =
  /** The POST is under way; `done` answers the attempt to record and the delivery's next state. */
  | { readonly kind: "sending"; readonly done: Promise<AttemptResult> }
  /** The endpoint's secret cannot be opened (wrong master key?): nothing was sent, never unsigned. */
  | { readonly kind: "unsignable"; readonly message: string };

/** One attempt of a claimed delivery: sign the stored bytes, POST them, judge the outcome. */
export function createAttemptMaker(deps: AttemptMakerDeps): (claim: ClaimedDelivery) => StartedAttempt {
  const { sender, clock, settings } = deps;
  const openSecrets = createSecretOpener(deps.secretBox);

  return (claim) => {
    const opened = openSecrets(claim.sealedSecrets);
    if (opened.kind === "unreadable") return { kind: "unsignable", message: opened.message };
    const startedAt = clock.now();
    const headers = deliveryHeaders({
      eventId: claim.eventId,
      eventType: claim.eventType,
      attemptNumber: claim.attemptNumber,
      body: claim.body,
      secrets: opened.secrets,
      nowSeconds: Math.floor(startedAt / 1000),
      // Forward-compatible: the claim does not carry a test flag yet (see the store port).
      test: (claim as ClaimedDelivery & { readonly test?: boolean }).test === true,
      userAgent: settings.userAgent,
    });
    const done = sender
      .send({ endpointId: claim.endpointId, url: claim.url, headers, body: claim.body })
      .catch(
        (error: unknown): SendOutcome => ({
          kind: "failed",
          errorKind: "network",
          errorMessage: `voicehire-webhooks: the sender failed: ${error instanceof Error ? error.message : String(error)}`,
          durationMs: clock.now() - startedAt,
        }),
      )
      .then((outcome) =>
        storableResult(
          withAttemptDetails(
            attemptResultOf({
              workerId: deps.workerId,
              claim: claimWithinRetryBudget(claim),
              outcome,
              startedAt,
              finishedAt: clock.now(),
              schedule: settings.retrySchedule,
              random: deps.random,
              retryAfterCapMs: settings.maxRetryAfterMs,
            }),
            claim,
            headers,
            outcome,
          ),
        ),
      );
    return { kind: "sending", done };
  };
}

/** A receiver's answer (excerpt, headers) may hold what no store can keep: the result stores as text. */
function storableResult(result: AttemptResult): AttemptResult {
  return { ...result, attempt: storableAttempt(result.attempt) };
}
