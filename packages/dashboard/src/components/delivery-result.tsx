import type { Delivery } from "../api/types";
import { explainAttempt } from "../explain/attempt-outcome";
import { useI18n } from "../i18n/i18n-context";

/** A delivery's last outcome in a few words ("HTTP 200", "Your server is unavailable (503)") and its attempt count. */
export function DeliveryResult(props: { readonly delivery: Delivery }) {
  const { t, tn } = useI18n();
  const { delivery } = props;
  const attempts = tn("deliveries.attempts", delivery.attempt_count);
  if (delivery.attempt_count === 0) return <span class="muted">{t("deliveries.not_attempted")}</span>;
  const explained = explainAttempt({
    status_code: delivery.last_status_code,
    error_kind: delivery.last_error_kind,
    duration_ms: 0,
  });
  return (
    <span>
      {explained.tone === "success"
        ? `HTTP ${delivery.last_status_code ?? ""}`
        : t(explained.title, explained.params)}
      <span class="muted"> · {attempts}</span>
    </span>
  );
}
