import type { Delivery } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import type { Ordering } from "./ordering-field";

/**
 * "Waiting for delivery <link> (same candidate <key>)": why a pending delivery of an ordered endpoint
 * is not attempted yet. The key's kind comes from the endpoint's `ordering`; while that is unknown
 * (not loaded, or changed since the fan-out) the line says "same key".
 */
export function WaitingForLine(props: {
  readonly waitingFor: NonNullable<Delivery["waiting_for"]>;
  readonly ordering: Ordering | null | undefined;
  readonly class?: string;
  /** False in a table row: the row already holds its one link, to itself. */
  readonly linked?: boolean;
}) {
  const { t } = useI18n();
  const { delivery_id, ordering_key } = props.waitingFor;
  const key = props.ordering === "candidate" || props.ordering === "campaign" ? props.ordering : "key";
  // The link sits where the translation puts {delivery}: French and English may order words differently.
  const [before, after = ""] = t(`ordering.waiting_${key}`, { key: ordering_key }).split("{delivery}");
  return (
    <p class={props.class ?? "waiting-for"} data-testid="waiting-for">
      {before}
      {props.linked === false ? (
        <code>{delivery_id}</code>
      ) : (
        <Link href={href(`/deliveries/${delivery_id}`)}>
          <code>{delivery_id}</code>
        </Link>
      )}
      {after}
    </p>
  );
}
