import { useState } from "preact/hooks";
import { loadOutcomeSeries, type Period, periodWindow, totals } from "../api/stats-queries";
import type { Endpoint } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { StateBadge } from "../components/badges";
import { OutcomeChart } from "../components/outcome-chart";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

/** Deliveries over time by outcome, for every endpoint or one, over 24 hours, 7 or 30 days. */
const PERIODS: readonly Period[] = ["24h", "7d", "30d"];

export function MonitoringPage() {
  const { api, dataVersion } = useApp();
  const { t, format } = useI18n();
  const [period, setPeriod] = useState<Period>("24h");
  const [endpointId, setEndpointId] = useState("");
  const [refreshes, setRefreshes] = useState(0);
  const endpoints = useLoad(() => api.get<{ data: Endpoint[] }>("/v1/endpoints"), [dataVersion]);
  const series = useLoad(
    () => loadOutcomeSeries(api, period, endpointId === "" ? undefined : endpointId),
    [period, endpointId, dataVersion, refreshes],
  );
  const list = endpoints.state.kind === "loaded" ? endpoints.state.data.data : [];
  const bucket = periodWindow(period, Date.now()).bucket;
  const sums = series.state.kind === "loaded" ? totals(series.state.data.data) : null;
  const finished = sums === null ? 0 : sums.succeeded + sums.failed;
  const selectedUrl = list.find((e) => e.id === endpointId)?.url;
  const chartTitle = t("monitoring.chart_title", {
    period: t(`monitoring.period_${period}`),
    scope: selectedUrl ?? t("monitoring.all_endpoints"),
  });

  return (
    <div class="page">
      <div class="page-header">
        <PageHeading>{t("monitoring.title")}</PageHeading>
        <button type="button" class="button-secondary" onClick={() => setRefreshes((n) => n + 1)}>
          {t("common.refresh")}
        </button>
      </div>
      <form class="filters" aria-label={t("monitoring.controls")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="monitoring-period">{t("monitoring.period")}</label>
          <select
            id="monitoring-period"
            value={period}
            onChange={(e) => setPeriod((e.currentTarget as HTMLSelectElement).value as Period)}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`monitoring.period_${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="monitoring-endpoint">{t("deliveries.endpoint")}</label>
          <select
            id="monitoring-endpoint"
            value={endpointId}
            onChange={(e) => setEndpointId((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t("monitoring.all_endpoints")}</option>
            {list.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.url}
              </option>
            ))}
          </select>
        </div>
      </form>
      {series.state.kind === "failed" ? <ProblemMessage problem={series.state.problem} /> : null}
      {sums === null ? null : (
        <dl class="kpis">
          <div>
            <dt>{t("monitoring.succeeded")}</dt>
            <dd>{format.number(sums.succeeded)}</dd>
          </div>
          <div>
            <dt>{t("monitoring.failed")}</dt>
            <dd>{format.number(sums.failed)}</dd>
          </div>
          <div>
            <dt>{t("monitoring.pending")}</dt>
            <dd>{format.number(sums.pending)}</dd>
          </div>
          <div>
            <dt>{t("monitoring.success_rate")}</dt>
            <dd>{finished === 0 ? "—" : format.percent(sums.succeeded / finished)}</dd>
          </div>
        </dl>
      )}
      {series.state.kind === "loaded" ? (
        <OutcomeChart buckets={series.state.data.data} bucket={bucket} title={chartTitle} />
      ) : null}
      {series.state.kind === "loading" ? (
        <p role="status" class="loading">
          {t("common.loading")}
        </p>
      ) : null}
      <section class="panel" aria-labelledby="monitoring-endpoints">
        <h2 id="monitoring-endpoints">{t("monitoring.endpoints")}</h2>
        {list.length === 0 ? (
          <p class="muted">{t("endpoints.empty")}</p>
        ) : (
          <ul class="plain-list">
            {list.map((endpoint) => (
              <li key={endpoint.id} class="row-between">
                <Link href={href(`/endpoints/${endpoint.id}`)} class="break">
                  {endpoint.url}
                </Link>
                <StateBadge state={endpoint.state} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
