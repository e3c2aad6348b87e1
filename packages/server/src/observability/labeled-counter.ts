import { headerLines, type Labels, sampleLine } from "./prometheus-text.js";

/** A monotonically increasing count per combination of label values. */
export interface LabeledCounter<L extends string> {
  inc(labels: Readonly<Record<L, string>>, by?: number): void;
  /** The current count for these labels (0 when never incremented). */
  value(labels: Readonly<Record<L, string>>): number;
  /** `# HELP`, `# TYPE`, then one line per label combination seen, in a stable (sorted) order. */
  lines(): string[];
}

export interface CounterDefinition<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
}

export function createLabeledCounter<L extends string>(definition: CounterDefinition<L>): LabeledCounter<L> {
  const counts = new Map<string, { labels: Labels; count: number }>();
  const keyOf = (labels: Readonly<Record<L, string>>): string =>
    JSON.stringify(definition.labelNames.map((name) => labels[name]));

  return {
    inc(labels, by = 1) {
      const key = keyOf(labels);
      const entry = counts.get(key);
      if (entry !== undefined) {
        entry.count += by;
        return;
      }
      // Only the declared labels, in the declared order.
      const ordered = Object.fromEntries(definition.labelNames.map((name) => [name, labels[name]]));
      counts.set(key, { labels: ordered, count: by });
    },
    value(labels) {
      return counts.get(keyOf(labels))?.count ?? 0;
    },
    lines() {
      const samples = [...counts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, entry]) => sampleLine(definition.name, entry.labels, entry.count));
      return [...headerLines(definition.name, definition.help, "counter"), ...samples];
    },
  };
}
