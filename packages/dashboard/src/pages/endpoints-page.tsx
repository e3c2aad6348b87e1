import { loadOutcomeSeries } from "../api/stats-queries";
import type { Endpoint, EndpointStats, StatsBucket } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { StateBadge } from "../components/badges";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { Sparkline } from "../components/sparkline";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

/**
 * The overview: every endpoint with its URL, selected events, state, last 24 h success rate and
 * volume (a small chart), and its last attempt. The place to see at a glance whether all is well.
 */
export function EndpointsPage() {
  const { api, dataVersion } = useApp();
  const { t } = useI18n();
  const endpoints = useLoad(() => api.get<{ data: Endpoint[] }>("/v1/endpoints"), [dataVersion]);
  return (
    <div class="page">
      <div class="page-header">
        <PageHeading>{t("endpoints.title")}</PageHeading>
        <Link class="button button-primary" href={href("/endpoints/new")}>
          {t("endpoints.add")}
        </Link>
      </div>
      <p class="lead">{t("endpoints.intro")}</p>
      {endpoints.state.kind === "loading" ? (
        <p role="status" class="loading">
          {t("common.loading")}
        </p>
      ) : null}
      {endpoints.state.kind === "failed" ? <ProblemMessage problem={endpoints.state.problem} /> : null}
      {endpoints.state.kind === "loaded" && endpoints.state.data.data.length === 0 ? (
        <div class="empty">
          <p>{t("endpoints.empty")}</p>
        </div>
      ) : null}
      {endpoints.state.kind === "loaded" && endpoints.state.data.data.length > 0 ? (
        <ul class="cards" aria-label={t("endpoints.list_label")}>
          {endpoints.state.data.data.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      ) : null}
    </div>
  );
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
            {endpoint.url}
          </Link>
        </h2>
        <StateBadge state={endpoint.state ?? loadedStats?.state} />
      </div>
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
