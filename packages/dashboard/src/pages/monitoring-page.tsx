import { useState } from "preact/hooks";
import { endpointLabel } from "../api/endpoint-label.js";
import { loadOutcomeSeries, type Period, periodWindow, totals } from "../api/stats-queries";
import type { Endpoint } from "../api/types";
import { useLoad } from "../api/use-load";
import { useApp } from "../app-context";
import { StateBadge } from "../components/badges";
import { LoadingStatus } from "../components/loading-status";
import { OutcomeChart } from "../components/outcome-chart";
import { PageHeading } from "../components/page-heading";
import { ProblemMessage } from "../components/problem-message";
import { RefreshButton } from "../components/refresh-button";
import { endpointOptions, SelectField } from "../components/select-field";
import { Term } from "../components/term";
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
  const selected = list.find((e) => e.id === endpointId);
  const selectedUrl = selected === undefined ? undefined : endpointLabel(selected);
  const chartTitle = t("monitoring.chart_title", {
    period: t(`monitoring.period_${period}`),
    scope: selectedUrl ?? t("monitoring.all_endpoints"),
  });

  return (
    <div class="page">
      <div class="page-header">
        <PageHeading>{t("monitoring.title")}</PageHeading>
        <RefreshButton onRefresh={() => setRefreshes((n) => n + 1)} />
      </div>
      <form class="filters" aria-label={t("monitoring.controls")} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id="monitoring-period"
          label={t("monitoring.period")}
          value={period}
          options={PERIODS.map((p) => ({ value: p, label: t(`monitoring.period_${p}`) }))}
          onChange={(p) => setPeriod(p as Period)}
        />
        <SelectField
          id="monitoring-endpoint"
          label={t("deliveries.endpoint")}
          value={endpointId}
          options={endpointOptions(list, t("monitoring.all_endpoints"))}
          onChange={setEndpointId}
        />
      </form>
      {series.state.kind === "failed" ? <ProblemMessage problem={series.state.problem} /> : null}
      {sums === null ? null : (
        <dl class="kpis">
          <Term term={t("monitoring.succeeded")}>{format.number(sums.succeeded)}</Term>
          <Term term={t("monitoring.failed")}>{format.number(sums.failed)}</Term>
          <Term term={t("monitoring.pending")}>{format.number(sums.pending)}</Term>
          <Term term={t("monitoring.success_rate")}>
            {finished === 0 ? "—" : format.percent(sums.succeeded / finished)}
          </Term>
        </dl>
      )}
      {series.state.kind === "loaded" ? (
        <OutcomeChart buckets={series.state.data.data} bucket={bucket} title={chartTitle} />
      ) : null}
      {series.state.kind === "loading" ? <LoadingStatus /> : null}
      <section class="panel" aria-labelledby="monitoring-endpoints">
        <h2 id="monitoring-endpoints">{t("monitoring.endpoints")}</h2>
        {list.length === 0 ? (
          <p class="muted">{t("endpoints.empty")}</p>
        ) : (
          <ul class="plain-list">
            {list.map((endpoint) => (
              <li key={endpoint.id} class="row-between">
                <Link href={href(`/endpoints/${endpoint.id}`)} class="break">
                  {endpointLabel(endpoint)}
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
