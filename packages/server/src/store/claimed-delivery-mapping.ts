import type { ClaimedDelivery } from "./port.js";

/**
 * What a claim hands a worker, from the rows both store adapters read: each delivery's own columns, and
 * what its endpoint and its event share, read once per claim.
 */

/** The columns a claim reads for each leased delivery, but the previous secrets and the event body. */
export interface ClaimedRowBase {
  id: string;
  account_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt_count: number;
  retry_budget_start: number;
  url: string;
  sealed_secret: string | null;
}

/** What a claim reads once per endpoint, shared by the endpoint's claimed deliveries. */
export interface ClaimTarget {
  readonly accountId: string;
  readonly url: string;
  /** The current secret (if any) then the previous ones still active, newest first. */
  readonly sealedSecrets: readonly string[];
  /** The signing keys still active, current first; empty for an `hmac` endpoint. */
  readonly sealedSigningKeys: readonly string[];
}

/** What a claim reads once per event, shared by the event's claimed deliveries. */
export interface ClaimEvent {
  readonly id: string;
  readonly type: string;
  readonly body: Uint8Array;
}

/** An endpoint's sealed secrets as a claim hands them on: the current one (if any), then the previous. */
export function sealedSecretsOf(current: string | null, previous: readonly string[]): readonly string[] {
  return current === null ? previous : [current, ...previous];
}

/** A claimed delivery from its own columns, its endpoint's and its event's. */
export function claimedDelivery(
  row: Pick<ClaimedRowBase, "id" | "endpoint_id" | "attempt_count" | "retry_budget_start">,
  target: ClaimTarget,
  event: ClaimEvent,
): ClaimedDelivery {
  return {
    deliveryId: row.id,
    accountId: target.accountId,
    endpointId: row.endpoint_id,
    url: target.url,
    sealedSecrets: target.sealedSecrets,
    eventId: event.id,
    eventType: event.type,
    body: event.body,
    attemptNumber: row.attempt_count + 1,
    retryBudgetStart: row.retry_budget_start,
    ...(target.sealedSigningKeys.length === 0 ? {} : { sealedSigningKeys: target.sealedSigningKeys }),
  };
}

/** `previousSecrets`: those still active at claim time, newest first; `sealedSigningKeys` likewise. */
export function toClaimedDelivery(
  row: ClaimedRowBase,
  previousSecrets: readonly string[],
  body: Uint8Array,
  sealedSigningKeys: readonly string[],
): ClaimedDelivery {
  return claimedDelivery(
    row,
    {
      accountId: row.account_id,
      url: row.url,
      sealedSecrets: sealedSecretsOf(row.sealed_secret, previousSecrets),
      sealedSigningKeys,
    },
    { id: row.event_id, type: row.event_type, body },
  );
}
