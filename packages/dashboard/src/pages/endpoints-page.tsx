import { endpointLabel } from "../api/endpoint-label.js";
import { loadOutcomeSeries } from "../api/stats-queries";
import type { Endpoint, EndpointStats, StatsBucket } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { StateBadge } from "../components/badges";
import { LoadingStatus } from "../components/loading-status";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { Sparkline } from "../components/sparkline";
import { ATTENTION_FILTER, needsAttention } from "../explain/endpoint-attention";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

/**
 * The overview: every endpoint with its URL, selected events, state, last 24 h success rate and
 * volume (a small chart), and its last attempt. The place to see at a glance whether all is well.
 * With `?state=failing` (the banner's link) it shows only the endpoints that need attention.
 */
export function EndpointsPage(props: { readonly search: URLSearchParams }) {
  const { api, dataVersion } = useApp();
  const { t } = useI18n();
  const endpoints = useLoad(() => api.get<{ data: Endpoint[] }>("/v1/endpoints"), [dataVersion]);
  const attentionOnly = props.search.get(ATTENTION_FILTER.name) === ATTENTION_FILTER.value;
  const all = endpoints.state.kind === "loaded" ? endpoints.state.data.data : [];
  const shown = attentionOnly ? all.filter(needsAttention) : all;
  return (
    <div class="page">
      <div class="page-header">
        <PageHeading>{t("endpoints.title")}</PageHeading>
        <Link class="button button-primary" href={href("/endpoints/new")}>
          {t("endpoints.add")}
        </Link>
      </div>
      <p class="lead">{t("endpoints.intro")}</p>
      {endpoints.state.kind === "loading" ? <LoadingStatus /> : null}
      {endpoints.state.kind === "failed" ? <ProblemMessage problem={endpoints.state.problem} /> : null}
      {endpoints.state.kind === "loaded" && attentionOnly ? <AttentionNotice count={shown.length} /> : null}
      {endpoints.state.kind === "loaded" && all.length === 0 ? (
        <div class="empty">
          <p>{t("endpoints.empty")}</p>
        </div>
      ) : null}
      {shown.length > 0 ? (
        <ul class="cards" aria-label={t("endpoints.list_label")}>
          {shown.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function AttentionNotice(props: { readonly count: number }) {
  const { t, tn } = useI18n();
  return (
    <p class="message message-warning filter-notice" role="status">
      {props.count === 0 ? t("endpoints.attention_none") : tn("endpoints.attention_only", props.count)}{" "}
      <Link href={href("/")}>{t("endpoints.show_all")}</Link>
    </p>
  );
}

/** Since when an endpoint fails, or why the service disabled it; nothing for a healthy one. */
function AttentionLine(props: { readonly endpoint: Endpoint }) {
  const { t, format } = useI18n();
  const { endpoint } = props;
  if (!needsAttention(endpoint)) return null;
  const text =
    endpoint.state === "disabled"
      ? t("endpoints.disabled_failing", {
          date: endpoint.disabled_at ? format.dateTime(endpoint.disabled_at) : "—",
        })
      : endpoint.failing_since
        ? t("endpoints.failing_since", { since: format.dateTime(endpoint.failing_since) })
        : t("endpoints.failing");
  return <p class="small attention-line">{text}</p>;
}

function lastAttempt(stats: EndpointStats): { at: string; succeeded: boolean } | null {
  const success = stats.last_success_at;
  const failure = stats.last_failure_at;
  if (success === null && failure === null) return null;
  if (failure === null || (success !== null && success >= failure))
    return { at: success as string, succeeded: true };
  return { at: failure, succeeded: false };
}

function EndpointCard(props: { readonly endpoint: Endpoint }) {
  const { api, dataVersion } = useApp();
  const { t, tn, format } = useI18n();
  const { endpoint } = props;
  const stats = useLoad(
    () => api.get<EndpointStats>(`/v1/endpoints/${endpoint.id}/stats`),
    [endpoint.id, dataVersion],
  );
  const series = useLoad(() => loadOutcomeSeries(api, "24h", endpoint.id), [endpoint.id, dataVersion]);
  const loadedStats = stats.state.kind === "loaded" ? stats.state.data : null;
  const buckets: readonly StatsBucket[] = series.state.kind === "loaded" ? series.state.data.data : [];
  const last = loadedStats === null ? null : lastAttempt(loadedStats);
  const day = loadedStats?.last_day;
  return (
    <li
      class="card endpoint-card"
      aria-busy={stats.state.kind === "loading" || series.state.kind === "loading"}
    >
      <div class="card-head">
        <h2 class="card-title">
          <Link href={href(`/endpoints/${endpoint.id}`)} class="break">
            {endpointLabel(endpoint)}
          </Link>
        </h2>
        <StateBadge state={endpoint.state ?? loadedStats?.state} />
      </div>
      <AttentionLine endpoint={endpoint} />
      {endpoint.description === "" ? null : <p class="muted">{endpoint.description}</p>}
      <p class="small">
        <span class="label">{tn("endpoints.events_count", endpoint.event_types.length)}</span>{" "}
        <span class="chips">
          {endpoint.event_types.map((type) => (
            <code key={type} class="chip">
              {type}
            </code>
          ))}
        </span>
      </p>
      <div class="card-stats">
        <div>
          <p class="stat-label">{t("endpoints.success_rate_24h")}</p>
          <p class="stat-value">
            {day === undefined || day.success_rate === null ? "—" : format.percent(day.success_rate)}
          </p>
        </div>
        <div>
          <p class="stat-label">{t("endpoints.volume_24h")}</p>
          <p class="stat-value">{day === undefined ? "—" : format.number(day.attempts)}</p>
        </div>
        <div class="stat-chart">
          <p class="stat-label">{t("endpoints.chart_24h")}</p>
          {buckets.length > 0 ? <Sparkline buckets={buckets} /> : <p class="stat-value">—</p>}
        </div>
      </div>
      <p class="small">
        {t("endpoints.last_attempt")}{" "}
        {last === null ? (
          <span class="muted">{t("endpoints.no_attempt")}</span>
        ) : (
          <span>
            <time dateTime={last.at} title={format.dateTime(last.at)}>
              {format.relative(last.at)}
            </time>{" "}
            ({last.succeeded ? t("status.succeeded") : t("status.failed")})
          </span>
        )}
      </p>
      <p class="card-actions">
        <Link href={href(`/endpoints/${endpoint.id}`)}>{t("endpoints.open")}</Link>
        <Link href={href("/deliveries", { endpoint_id: endpoint.id })}>{t("endpoints.see_deliveries")}</Link>
      </p>
    </li>
  );
}
