import type { Endpoint } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { RadioChoices } from "./radio-choices";

/** The key an ordered endpoint delivers in publish order: the event's `data.candidate_id` or `data.campaign_id`. */
export type Ordering = NonNullable<Endpoint["ordering"]>;

/** Whether deliveries of one candidate (or campaign) go one at a time, in publish order: `null` is none. */
export function OrderingField(props: {
  readonly value: Ordering | null;
  readonly onChange: (ordering: Ordering | null) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset class="ordering">
      <legend>{t("ordering.title")}</legend>
      <p class="help">{t("ordering.help")}</p>
      <RadioChoices
        name="ordering"
        choices={["none", "candidate", "campaign"] as const}
        value={props.value ?? "none"}
        label={(choice) => t(`ordering.${choice}`)}
        onChange={(choice) => props.onChange(choice === "none" ? null : choice)}
      />
    </fieldset>
  );
}
