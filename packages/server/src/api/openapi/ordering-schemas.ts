import { ENDPOINT_ORDERINGS } from "../../services/endpoints/endpoint-fields.js";
import { id, nullable, object, oneOf, text } from "./doc-schemas.js";

/** The ordered-delivery field of an endpoint's representation. */
export const orderingProperties = {
  ordering: nullable(
    oneOf(
      ENDPOINT_ORDERINGS,
      "null: deliveries may arrive in any order. `candidate` / `campaign`: deliveries of events sharing a `candidate_id` / `campaign_id` are attempted strictly in publish order, each once the previous one has succeeded or finally failed; other keys are not held back.",
    ),
  ),
};

/** The ordered-delivery field of a delivery's representation. */
export const waitingForProperties = {
  waiting_for: nullable(
    object(
      {
        delivery_id: id("dlv", "The earliest unfinished earlier delivery of the same key."),
        ordering_key: text("The key: the event's `candidate_id` or `campaign_id`."),
      },
      "A pending delivery of an ordered endpoint held back until an earlier one of its key has succeeded or finally failed (its `next_attempt_at` is null meanwhile); null otherwise.",
    ),
  ),
};
