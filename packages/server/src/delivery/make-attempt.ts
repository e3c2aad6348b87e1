import type { Clock } from "../domain/clock.js";
import type { SecretBox } from "../domain/secret-box.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";
import { attemptResultOf, type RetryPolicy } from "./attempt-result.js";
import { createSecretOpener } from "./secret-opener.js";
import type { DeliverySender, SendOutcome } from "./sender.js";
import { deliveryHeaders, hmacKeyOf } from "./signing.js";
import { createSigningKeyOpener } from "./signing-key-opener.js";

/** What one attempt needs: a claimed delivery carries all of it; the Tester builds it for its sample. */
export type AttemptRequest = Pick<
  ClaimedDelivery,
  | "deliveryId"
  | "endpointId"
  | "url"
  | "sealedSecrets"
  | "sealedSigningKeys"
  | "eventId"
  | "eventType"
  | "body"
  | "attemptNumber"
  | "retryBudgetStart"
>;

export interface AttemptMakerDeps {
  readonly sender: DeliverySender;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  /** `VoiceHire-Webhooks/<version>`. */
  readonly userAgent: string;
  /** Who made the attempts (a worker's lease name), carried by each result. */
  readonly workerId: string;
  /** How a failed attempt is retried; `"never"` for the Tester. */
  readonly retry: RetryPolicy | "never";
  /** Test deliveries (the Tester's): marked `X-VoiceHire-Test: true`. */
  readonly test: boolean;
}

export type StartedAttempt =
  /** The POST is under way; `done` answers the attempt to record and the delivery's next state. */
  | { readonly kind: "sending"; readonly done: Promise<AttemptResult> }
  /** The endpoint's secret cannot be opened (wrong master key?): nothing was sent, never unsigned. */
  | { readonly kind: "unsignable"; readonly message: string };

/**
 * The one attempt path, used by the worker and the Tester: sign the stored bytes, POST them, judge the
 * outcome into the attempt to record (request headers redacted, response headers kept).
 */
export function createAttemptMaker(deps: AttemptMakerDeps): (request: AttemptRequest) => StartedAttempt {
  const { sender, clock } = deps;
  const openSecrets = createSecretOpener(deps.secretBox, undefined, hmacKeyOf);
  const openSigningKeys = createSigningKeyOpener(deps.secretBox);

  return (request) => {
    const opened = openSecrets(request.sealedSecrets);
    if (opened.kind === "unreadable") return { kind: "unsignable", message: opened.message };
    const signingKeys = openSigningKeys(request.sealedSigningKeys);
    if (signingKeys.kind === "unreadable") return { kind: "unsignable", message: signingKeys.message };
    const startedAt = clock.now();
    const headers = deliveryHeaders({
      eventId: request.eventId,
      eventType: request.eventType,
      attemptNumber: request.attemptNumber,
      body: request.body,
      secrets: opened.secrets,
      signingKeys: signingKeys.keys,
      nowSeconds: Math.floor(startedAt / 1000),
      test: deps.test,
      userAgent: deps.userAgent,
    });
    const judge = (outcome: SendOutcome): AttemptResult =>
      attemptResultOf({
        workerId: deps.workerId,
        deliveryId: request.deliveryId,
        attemptNumber: request.attemptNumber,
        ...(request.retryBudgetStart === undefined ? {} : { retryBudgetStart: request.retryBudgetStart }),
        outcome,
        startedAt,
        finishedAt: clock.now(),
        requestHeaders: headers,
        retry: deps.retry,
      });
    // One `then` for both ends (a promise per attempt less than `catch` then `then`).
    const done = sender
      .send({ endpointId: request.endpointId, url: request.url, headers, body: request.body })
      .then(judge, (error: unknown) =>
        judge({
          kind: "failed",
          errorKind: "network",
          errorMessage: `voicehire-webhooks: the sender failed: ${error instanceof Error ? error.message : String(error)}`,
          durationMs: clock.now() - startedAt,
        }),
      );
    return { kind: "sending", done };
  };
}
