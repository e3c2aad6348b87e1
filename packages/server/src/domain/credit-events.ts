import type { CreditState } from "./types.js";

/**
 * The `credits.*` rules of the customer documentation, as pure code:
 * - `credits.low` fires when the balance goes below the threshold from at-or-above it (or on the first
 *   report), once per crossing: it is re-armed only when a report goes back to >= threshold.
 * - `credits.depleted` fires when the balance reaches 0 (<= 0) from above 0 (or on the first report).
 * Both can fire on one report, `credits.low` first.
 */

export type CreditEvent =
  | {
      readonly type: "credits.low";
      readonly data: { readonly credits_remaining: number; readonly threshold: number };
    }
  | {
      readonly type: "credits.depleted";
      readonly data: { readonly credits_remaining: number; readonly last_campaign_id: string };
    };

export type CreditEventsOutcome =
  | { readonly kind: "events"; readonly events: readonly CreditEvent[] }
  /** `credits.depleted` must fire but no campaign id is known: the contract requires `last_campaign_id`. */
  | { readonly kind: "missing_last_campaign_id" };

/**
 * Which credit events a balance report fires, given the account's state before it.
 * `reportedCampaignId` is the report's `last_campaign_id`; without it, the account's remembered one is used.
 */
export function deriveCreditEvents(
  previous: CreditState,
  balance: number,
  reportedCampaignId: string | null,
): CreditEventsOutcome {
  const before = previous.balance;
  const events: CreditEvent[] = [];
  if (balance < previous.threshold && (before === null || before >= previous.threshold)) {
    events.push({ type: "credits.low", data: { credits_remaining: balance, threshold: previous.threshold } });
  }
  if (balance <= 0 && (before === null || before > 0)) {
    const lastCampaignId = reportedCampaignId ?? previous.lastCampaignId;
    if (lastCampaignId === null) return { kind: "missing_last_campaign_id" };
    events.push({
      type: "credits.depleted",
      data: { credits_remaining: balance, last_campaign_id: lastCampaignId },
    });
  }
  return { kind: "events", events };
}
