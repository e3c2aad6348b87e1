import { type AttemptLike, explainAttempt } from "../explain/attempt-outcome";
import { useI18n } from "../i18n/i18n-context";

/** An attempt's result in plain words: "200 in 45 ms", or what went wrong and how to fix it. */
export function OutcomeMessage(props: { readonly attempt: AttemptLike; readonly technical?: string | null }) {
  const { t, format } = useI18n();
  const explained = explainAttempt(props.attempt);
  return (
    <div class={`outcome outcome-${explained.tone}`}>
      <p class="outcome-title">
        <span aria-hidden="true">{explained.tone === "success" ? "✓ " : "✕ "}</span>
        {t(explained.title, explained.params)}{" "}
        <span class="muted">
          {t("outcome.duration", { duration: format.duration(props.attempt.duration_ms) })}
        </span>
      </p>
      {explained.hint === null ? null : (
        <p class="outcome-hint">
          <strong>{t("outcome.how_to_fix")}</strong> {t(explained.hint)}
        </p>
      )}
      {props.technical === undefined || props.technical === null || props.technical === "" ? null : (
        <p class="muted small">
          {t("outcome.technical")} <code>{props.technical}</code>
        </p>
      )}
    </div>
  );
}
