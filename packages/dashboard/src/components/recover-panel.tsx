import { useEffect, useRef, useState } from "preact/hooks";
import type { Endpoint, Problem, Recovery } from "../api/types";
import { useApp } from "../app-context";
import type { ParsedDateInput } from "../i18n/date-input-format";
import { useI18n } from "../i18n/i18n-context";
import { DateTimeField } from "./date-time-field";
import { ProblemMessage } from "./problem-message";
import { endpointOptions, SelectField } from "./select-field";

/**
 * "Recover failed deliveries": re-queues every failed delivery of an endpoint whose event happened in a
 * time window (at most 30 days), then follows the service's progress until it is done.
 */
export const MAX_RECOVERY_WINDOW_MS = 30 * 86_400_000;
const POLL_INTERVAL_MS = 1000;
const MAX_POLLS = 300;

type State =
  | { kind: "idle" }
  | { kind: "invalid"; message: string }
  | { kind: "running"; recovery: Recovery }
  | { kind: "done"; recovery: Recovery }
  | { kind: "failed"; problem: Problem };

export function RecoverPanel(props: {
  readonly endpoints: readonly Endpoint[];
  /** Fixed endpoint (the endpoint's own page): no endpoint choice. */
  readonly endpointId?: string;
  /** The endpoint chosen at first (the delivery log's filter). */
  readonly initialEndpointId?: string | undefined;
  readonly headingLevel?: 2 | 3;
}) {
  const { api, dataChanged } = useApp();
  const { t, tn } = useI18n();
  const [endpointId, setEndpointId] = useState(
    props.endpointId ?? props.initialEndpointId ?? props.endpoints[0]?.id ?? "",
  );
  const [since, setSince] = useState<ParsedDateInput>(() => ({
    kind: "valid",
    iso: new Date(Date.now() - 86_400_000).toISOString(),
  }));
  const [until, setUntil] = useState<ParsedDateInput>({ kind: "empty" });
  const [state, setState] = useState<State>({ kind: "idle" });
  const polls = useRef(0);

  useEffect(() => {
    if (state.kind !== "running") return;
    const timer = window.setTimeout(async () => {
      polls.current++;
      const result = await api.get<Recovery>(`/v1/recoveries/${state.recovery.recovery_id}`);
      if (!result.ok) return setState({ kind: "failed", problem: result.problem });
      const recovery = { ...result.data, recovery_id: state.recovery.recovery_id };
      if (recovery.status === "done" || polls.current >= MAX_POLLS) {
        setState({ kind: "done", recovery });
        dataChanged();
      } else setState({ kind: "running", recovery });
    }, POLL_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (since.kind === "invalid" || until.kind === "invalid") {
      return setState({ kind: "invalid", message: t("recover.unreadable_date") });
    }
    const sinceIso = since.kind === "valid" ? since.iso : undefined;
    const untilIso = until.kind === "valid" ? until.iso : undefined;
    if (sinceIso === undefined) return setState({ kind: "invalid", message: t("recover.since_required") });
    const end = untilIso === undefined ? Date.now() : Date.parse(untilIso);
    if (end <= Date.parse(sinceIso)) return setState({ kind: "invalid", message: t("recover.order") });
    if (end - Date.parse(sinceIso) > MAX_RECOVERY_WINDOW_MS) {
      return setState({ kind: "invalid", message: t("recover.too_long") });
    }
    polls.current = 0;
    const body = untilIso === undefined ? { since: sinceIso } : { since: sinceIso, until: untilIso };
    const result = await api.post<Recovery>(`/v1/endpoints/${endpointId}/recover`, body);
    if (!result.ok) return setState({ kind: "failed", problem: result.problem });
    setState(
      result.data.status === "done"
        ? { kind: "done", recovery: result.data }
        : { kind: "running", recovery: result.data },
    );
    if (result.data.status === "done") dataChanged();
  };

  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <section class="panel" aria-labelledby="recover-title">
      <Heading id="recover-title">{t("recover.title")}</Heading>
      <p class="help">{t("recover.help")}</p>
      <form class="grid-form" onSubmit={(event) => void submit(event)}>
        {props.endpointId === undefined ? (
          <SelectField
            id="recover-endpoint"
            label={t("recover.endpoint")}
            value={endpointId}
            options={endpointOptions(props.endpoints)}
            onChange={setEndpointId}
          />
        ) : null}
        <DateTimeField
          id="recover-since"
          label={t("recover.since")}
          required
          value={since.kind === "valid" ? since.iso : undefined}
          onChange={setSince}
        />
        <DateTimeField
          id="recover-until"
          label={t("recover.until")}
          value={undefined}
          help={t("recover.until_help")}
          onChange={setUntil}
        />
        <div class="field field-actions">
          <button
            type="submit"
            class="button-primary"
            disabled={state.kind === "running" || endpointId === ""}
          >
            {t("recover.submit")}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {state.kind === "invalid" ? <p class="field-error">{state.message}</p> : null}
        {state.kind === "running" ? (
          <p>
            <progress
              max={Math.max(1, state.recovery.total)}
              value={state.recovery.requeued}
              aria-label={t("recover.progress_label")}
            />{" "}
            {t("recover.running", { requeued: state.recovery.requeued, total: state.recovery.total })}
          </p>
        ) : null}
        {state.kind === "done" ? (
          <p class="message message-success">{tn("recover.done", state.recovery.requeued)}</p>
        ) : null}
        {state.kind === "failed" ? <ProblemMessage problem={state.problem} /> : null}
      </div>
    </section>
  );
}
