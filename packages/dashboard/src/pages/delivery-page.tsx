import { useEffect, useRef, useState } from "preact/hooks";
import { endpointLabel } from "../api/endpoint-label.js";
import type { DeliveryDetail, Endpoint, Problem, StoredEvent } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { AttemptTimeline } from "../components/attempt-timeline";
import { StatusBadge, TestBadge } from "../components/badges";
import { Breadcrumb } from "../components/breadcrumb";
import { JsonBlock } from "../components/json-block";
import { LoadFailedPage } from "../components/load-failed-page";
import { LoadingStatus } from "../components/loading-status";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { Term } from "../components/term";
import { WaitingForLine } from "../components/waiting-for-line";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

/**
 * One delivery: what was sent (the envelope), every attempt as a timeline, when the next retry is
 * due, and "Renvoyer", which attempts it again now and follows the result.
 */
const RESEND_POLL_MS = 500;
/** A resend is attempted at once (even while its endpoint is paused): 10 s covers the 5 s attempt. */
const RESEND_MAX_POLLS = 20;

/** `queued`: accepted, but no new attempt was logged while the page waited (the button works again). */
type Resend =
  | { kind: "idle" }
  | { kind: "waiting"; attemptsBefore: number }
  | { kind: "done" }
  | { kind: "queued" }
  | { kind: "failed"; problem: Problem };

export function DeliveryPage(props: { readonly id: string }) {
  const { api, dataVersion, dataChanged } = useApp();
  const { t, format } = useI18n();
  const [version, setVersion] = useState(0);
  const [resend, setResend] = useState<Resend>({ kind: "idle" });
  const polls = useRef(0);
  const loaded = useLoad(
    () => api.get<DeliveryDetail>(`/v1/deliveries/${props.id}`),
    [props.id, dataVersion, version],
  );
  const delivery = loaded.state.kind === "loaded" ? loaded.state.data : null;
  const envelope = useLoad<unknown>(async () => {
    if (delivery === null) return { ok: true, status: 200, data: null };
    if (delivery.event !== undefined) return { ok: true, status: 200, data: delivery.event };
    const event = await api.get<StoredEvent>(`/v1/events/${delivery.event_id}`);
    return event.ok ? { ...event, data: event.data.envelope } : event;
  }, [delivery?.id, delivery?.event !== undefined]);
  const endpoint = useLoad(
    () =>
      delivery === null
        ? Promise.resolve({ ok: true as const, status: 200, data: null })
        : api.get<Endpoint>(`/v1/endpoints/${delivery.endpoint_id}`),
    [delivery?.endpoint_id],
  );

  // After "Renvoyer", re-read the delivery until the new attempt is logged (bounded).
  useEffect(() => {
    if (resend.kind !== "waiting" || delivery === null) return;
    if (delivery.attempt_count > resend.attemptsBefore || polls.current >= RESEND_MAX_POLLS) {
      setResend({ kind: delivery.attempt_count > resend.attemptsBefore ? "done" : "queued" });
      dataChanged();
      return;
    }
    const timer = window.setTimeout(() => {
      polls.current++;
      setVersion((v) => v + 1);
    }, RESEND_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [resend, delivery]);

  if (loaded.state.kind === "loading" && delivery === null) return <LoadingStatus />;
  if (loaded.state.kind === "failed")
    return <LoadFailedPage title={t("delivery.title")} problem={loaded.state.problem} />;
  if (delivery === null) return null;

  const doResend = async () => {
    polls.current = 0;
    const attemptsBefore = delivery.attempt_count;
    setResend({ kind: "waiting", attemptsBefore });
    const result = await api.post<unknown>(`/v1/deliveries/${delivery.id}/resend`);
    if (!result.ok) return setResend({ kind: "failed", problem: result.problem });
    setVersion((v) => v + 1);
  };
  const last = delivery.attempts.at(-1);
  const endpointUrl =
    endpoint.state.kind === "loaded" && endpoint.state.data !== null
      ? endpointLabel(endpoint.state.data)
      : delivery.endpoint_id;

  return (
    <div class="page">
      <Breadcrumb href={href("/deliveries")} label={t("nav.deliveries")} />
      <div class="page-header">
        <PageHeading focusKey={props.id}>
          {t("delivery.title")} <code class="title-id">{delivery.id}</code>
        </PageHeading>
        <div class="actions">
          <StatusBadge status={delivery.status} />
          {delivery.test === true ? <TestBadge /> : null}
        </div>
      </div>
      {delivery.waiting_for ? (
        <WaitingForLine
          waitingFor={delivery.waiting_for}
          ordering={endpoint.state.kind === "loaded" ? endpoint.state.data?.ordering : undefined}
          class="message waiting-for"
        />
      ) : null}
      <dl class="summary">
        <Term term={t("delivery.event_type")}>
          <code>{delivery.event_type}</code>
        </Term>
        <Term term={t("delivery.event_id")}>
          <code class="break">{delivery.event_id}</code>
        </Term>
        <Term term={t("delivery.endpoint")} valueClass="break">
          <Link href={href(`/endpoints/${delivery.endpoint_id}`)}>{endpointUrl}</Link>
        </Term>
        <Term term={t("delivery.created")}>{format.dateTime(delivery.created_at)}</Term>
        <Term term={t("delivery.attempts")}>{format.number(delivery.attempt_count)}</Term>
        <Term term={t("delivery.next_attempt")}>
          {delivery.next_attempt_at === null ? (
            <span class="muted">
              {delivery.status === "pending"
                ? t("delivery.next_attempt_soon")
                : t("delivery.next_attempt_none")}
            </span>
          ) : (
            <time dateTime={delivery.next_attempt_at}>
              {format.relative(delivery.next_attempt_at)} ({format.dateTime(delivery.next_attempt_at)})
            </time>
          )}
        </Term>
      </dl>
      <section class="panel" aria-labelledby="resend-title">
        <h2 id="resend-title">{t("delivery.resend_title")}</h2>
        <p class="help">{t("delivery.resend_help")}</p>
        <button
          type="button"
          class="button-primary"
          disabled={resend.kind === "waiting"}
          onClick={() => void doResend()}
        >
          {resend.kind === "waiting" ? t("delivery.resending") : t("delivery.resend")}
        </button>
        <div role="status" aria-live="polite">
          {resend.kind === "done" && last !== undefined ? (
            <p class={`message ${delivery.status === "succeeded" ? "message-success" : "message-error"}`}>
              {delivery.status === "succeeded"
                ? t("delivery.resend_succeeded", { code: last.status_code ?? "—" })
                : t("delivery.resend_failed")}
            </p>
          ) : null}
          {resend.kind === "queued" ? (
            <p class="message">
              {t("delivery.resend_queued", {
                time: delivery.next_attempt_at === null ? "—" : format.dateTime(delivery.next_attempt_at),
              })}
            </p>
          ) : null}
          {resend.kind === "failed" ? <ProblemMessage problem={resend.problem} /> : null}
        </div>
      </section>
      <section class="panel" aria-labelledby="attempts-title">
        <h2 id="attempts-title">{t("delivery.attempts_title")}</h2>
        <AttemptTimeline attempts={delivery.attempts} />
      </section>
      <section class="panel" aria-labelledby="payload-title">
        <h2 id="payload-title">{t("delivery.payload")}</h2>
        {envelope.state.kind === "loaded" && envelope.state.data !== null ? (
          <JsonBlock value={envelope.state.data} />
        ) : envelope.state.kind === "failed" ? (
          <ProblemMessage problem={envelope.state.problem} />
        ) : (
          <LoadingStatus />
        )}
      </section>
    </div>
  );
}
