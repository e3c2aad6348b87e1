import type { monitoringFr } from "./messages-monitoring-fr";

/** The monitoring page's and its chart's texts, in English; the type makes a missing or extra key a compile error. */
export const monitoringEn: { readonly [K in keyof typeof monitoringFr]: string } = {
  "chart.sparkline_label.one": "Last 24 hours: {count} finished delivery, {failed} of them failed",
  "chart.sparkline_label.other": "Last 24 hours: {count} finished deliveries, {failed} of them failed",
  "chart.show_data": "Show the chart’s data",
  "chart.period": "Period",
  "monitoring.title": "Monitoring",
  "monitoring.controls": "Chart period and endpoint",
  "monitoring.period": "Period",
  "monitoring.period_24h": "Last 24 hours",
  "monitoring.period_7d": "Last 7 days",
  "monitoring.period_30d": "Last 30 days",
  "monitoring.all_endpoints": "All endpoints",
  "monitoring.chart_title": "Deliveries by outcome: {period}, {scope}",
  "monitoring.succeeded": "Succeeded",
  "monitoring.failed": "Failed",
  "monitoring.pending": "Pending",
  "monitoring.success_rate": "Success rate",
  "monitoring.endpoints": "Endpoint health",
};
