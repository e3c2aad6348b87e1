import type { DeliveryStatus, EndpointState } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/** A badge coloured by its kind, with an icon beside the words so that colour is never the only cue. */
function IconBadge(props: { readonly kind: string; readonly icon: string; readonly label: string }) {
  return (
    <span class={`badge badge-${props.kind}`}>
      <span aria-hidden="true">{props.icon} </span>
      {props.label}
    </span>
  );
}

/** An endpoint's state (active, failing, disabled) as a labelled badge; colour is never the only cue. */
export function StateBadge(props: { readonly state: EndpointState | undefined }) {
  const { t } = useI18n();
  if (props.state === undefined) return null;
  const icon = { active: "●", failing: "▲", disabled: "■" }[props.state];
  return <IconBadge kind={props.state} icon={icon} label={t(`state.${props.state}`)} />;
}

export function StatusBadge(props: { readonly status: DeliveryStatus }) {
  const { t } = useI18n();
  const icon = { pending: "◷", succeeded: "✓", failed: "✕" }[props.status];
  return <IconBadge kind={props.status} icon={icon} label={t(`status.${props.status}`)} />;
}

export function TestBadge() {
  const { t } = useI18n();
  return <span class="badge badge-test">{t("delivery.test_badge")}</span>;
}
