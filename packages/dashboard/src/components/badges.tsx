import type { DeliveryStatus, EndpointState } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/** An endpoint's state (active, failing, disabled) as a labelled badge; colour is never the only cue. */
export function StateBadge(props: { readonly state: EndpointState | undefined }) {
  const { t } = useI18n();
  if (props.state === undefined) return null;
  const icon = { active: "●", failing: "▲", disabled: "■" }[props.state];
  return (
    <span class={`badge badge-${props.state}`}>
      <span aria-hidden="true">{icon} </span>
      {t(`state.${props.state}`)}
    </span>
  );
}

export function StatusBadge(props: { readonly status: DeliveryStatus }) {
  const { t } = useI18n();
  const icon = { pending: "◷", succeeded: "✓", failed: "✕" }[props.status];
  return (
    <span class={`badge badge-${props.status}`}>
      <span aria-hidden="true">{icon} </span>
      {t(`status.${props.status}`)}
    </span>
  );
}

export function TestBadge() {
  const { t } = useI18n();
  return <span class="badge badge-test">{t("delivery.test_badge")}</span>;
}
