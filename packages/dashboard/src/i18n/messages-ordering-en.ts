import type { orderingFr } from "./messages-ordering-fr";

/** Ordered delivery per key (candidate or campaign), in English; the type makes a missing or extra key a compile error. */
export const orderingEn: { readonly [K in keyof typeof orderingFr]: string } = {
  "ordering.title": "Delivery order",
  "ordering.help":
    "Ordered: the events of one candidate (or one campaign) arrive in publish order, the next one waits until the previous one has succeeded or finally failed. Other keys proceed in parallel. Applies to deliveries created after saving.",
  "ordering.none": "No guaranteed order (default, fastest)",
  "ordering.candidate": "In order, per candidate (candidate_id)",
  "ordering.campaign": "In order, per campaign (campaign_id)",
  "ordering.line": "Ordered delivery: {choice}",
  "ordering.summary_none": "no, no guaranteed order",
  "ordering.summary_candidate": "per candidate (candidate_id)",
  "ordering.summary_campaign": "per campaign (campaign_id)",
  "ordering.waiting_candidate": "Waiting for delivery {delivery} (same candidate {key})",
  "ordering.waiting_campaign": "Waiting for delivery {delivery} (same campaign {key})",
  "ordering.waiting_key": "Waiting for delivery {delivery} (same key {key})",
};
