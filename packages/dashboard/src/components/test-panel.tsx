import { useState } from "preact/hooks";
import type { Problem, TestResult } from "../api/types";
import { useApp } from "../app-context";
import { ALL_EVENT_TYPES } from "../catalog/event-groups";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";
import { OutcomeMessage } from "./outcome-message";
import { ProblemMessage } from "./problem-message";

/**
 * "Tester": sends the chosen event type's sample to the endpoint now (marked as a test, never retried)
 * and shows the outcome in place: status, duration and response, or the error in plain words.
 */
export function TestPanel(props: { readonly endpointId: string; readonly eventTypes: readonly string[] }) {
  const { api } = useApp();
  const { t } = useI18n();
  const choices = props.eventTypes.length > 0 ? props.eventTypes : ALL_EVENT_TYPES;
  const [eventType, setEventType] = useState<string>(choices[0] ?? "campaign.created");
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "sending" }
    | { kind: "done"; result: TestResult }
    | { kind: "failed"; problem: Problem }
  >({ kind: "idle" });

  const send = async (event: Event) => {
    event.preventDefault();
    setState({ kind: "sending" });
    const result = await api.post<TestResult>(`/v1/endpoints/${props.endpointId}/test`, {
      event_type: eventType,
    });
    setState(result.ok ? { kind: "done", result: result.data } : { kind: "failed", problem: result.problem });
  };

  return (
    <section class="panel" aria-labelledby="test-title">
      <h2 id="test-title">{t("test.title")}</h2>
      <p class="help">{t("test.help")}</p>
      <form class="inline-form" onSubmit={(event) => void send(event)}>
        <label for="test-event-type">{t("test.event_type")}</label>
        <select
          id="test-event-type"
          value={eventType}
          onChange={(e) => setEventType((e.currentTarget as HTMLSelectElement).value)}
        >
          {choices.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <button type="submit" class="button-primary" disabled={state.kind === "sending"}>
          {state.kind === "sending" ? t("test.sending") : t("test.send")}
        </button>
      </form>
      <div role="status" aria-live="polite" class="test-result">
        {state.kind === "done" ? (
          <div>
            <OutcomeMessage attempt={state.result} technical={state.result.error_message} />
            {state.result.response_excerpt === null || state.result.response_excerpt === "" ? null : (
              <>
                <p class="small">{t("test.response")}</p>
                <pre class="code-block">
                  <code>{state.result.response_excerpt}</code>
                </pre>
              </>
            )}
            <p class="small">
              <Link href={href(`/deliveries/${state.result.delivery_id}`)}>{t("test.see_delivery")}</Link>
            </p>
          </div>
        ) : state.kind === "failed" ? (
          <ProblemMessage problem={state.problem} context={t("test.not_sent")} />
        ) : null}
      </div>
    </section>
  );
}
