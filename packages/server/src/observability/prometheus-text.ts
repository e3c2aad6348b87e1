/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: `# HELP` and `# TYPE` lines,
 * then one `name{label="value"} number` line per sample. No library: the format is a few rules.
 */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge" | "histogram";

export type Labels = Readonly<Record<string, string>>;

/** Label values escape backslash, double quote and line feed; nothing else. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

export function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

export function sampleLine(name: string, labels: Labels, value: number): string {
  return `${name}${formatLabels(labels)} ${formatValue(value)}`;
}

export function headerLines(name: string, help: string, type: MetricType): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
}

/** A gauge with one unlabelled sample: its header and its value. */
export function gaugeLines(name: string, help: string, value: number): string[] {
  return [...headerLines(name, help, "gauge"), sampleLine(name, {}, value)];
}
