import type { Attempt } from "../api/types";
import { explainAttempt } from "../explain/attempt-outcome";
import { useI18n } from "../i18n/i18n-context";
import { OutcomeMessage } from "./outcome-message";

/** Every attempt of a delivery, oldest first: when, status, duration, the response, and the headers. */
export function AttemptTimeline(props: { readonly attempts: readonly Attempt[] }) {
  const { t, format } = useI18n();
  if (props.attempts.length === 0) return <p class="muted">{t("delivery.no_attempts")}</p>;
  return (
    <ol class="timeline">
      {props.attempts.map((attempt) => (
        <li key={attempt.attempt_number} class={`timeline-item timeline-${explainAttempt(attempt).tone}`}>
          <h3 class="timeline-title">
            {t("delivery.attempt_number", { number: attempt.attempt_number })}
            <span class="muted"> · {format.dateTime(attempt.started_at)}</span>
          </h3>
          <OutcomeMessage attempt={attempt} technical={attempt.error_message} />
          {attempt.response_excerpt === null || attempt.response_excerpt === "" ? null : (
            <details>
              <summary>{t("delivery.response_body")}</summary>
              <pre class="code-block">
                <code>{attempt.response_excerpt}</code>
              </pre>
            </details>
          )}
          <HeadersDetails title={t("delivery.request_headers")} headers={attempt.request_headers} />
          <HeadersDetails title={t("delivery.response_headers")} headers={attempt.response_headers} />
        </li>
      ))}
    </ol>
  );
}

function HeadersDetails(props: {
  readonly title: string;
  readonly headers: Readonly<Record<string, string>> | null | undefined;
}) {
  if (props.headers === null || props.headers === undefined || Object.keys(props.headers).length === 0)
    return null;
  return (
    <details>
      <summary>{props.title}</summary>
      <pre class="code-block">
        <code>
          {Object.entries(props.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join("\n")}
        </code>
      </pre>
    </details>
  );
}
