import { formatValue, headerLines, sampleLine } from "./prometheus-text.js";

/** A distribution of observed values in cumulative buckets (`le`), with their sum and count. */
export interface Histogram {
  observe(value: number): void;
  lines(): string[];
}

export interface HistogramDefinition {
  readonly name: string;
  readonly help: string;
  /** Upper bounds, ascending; `+Inf` is added. */
  readonly buckets: readonly number[];
}

export function createHistogram(definition: HistogramDefinition): Histogram {
  const bounds = [...definition.buckets];
  if (bounds.some((bound, index) => index > 0 && bound <= (bounds[index - 1] ?? bound))) {
    throw new Error(`voicehire-webhooks: the buckets of ${definition.name} must be strictly ascending`);
  }
  /** Per bucket, the observations that fell in it alone (made cumulative when rendered). */
  const perBucket = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  let count = 0;

  return {
    observe(value) {
      if (!Number.isFinite(value)) return;
      let index = bounds.findIndex((bound) => value <= bound);
      if (index === -1) index = bounds.length;
      perBucket[index] = (perBucket[index] ?? 0) + 1;
      sum += value;
      count++;
    },
    lines() {
      const lines = headerLines(definition.name, definition.help, "histogram");
      let cumulative = 0;
      [...bounds, Number.POSITIVE_INFINITY].forEach((bound, index) => {
        cumulative += perBucket[index] ?? 0;
        lines.push(sampleLine(`${definition.name}_bucket`, { le: formatValue(bound) }, cumulative));
      });
      lines.push(sampleLine(`${definition.name}_sum`, {}, sum));
      lines.push(sampleLine(`${definition.name}_count`, {}, count));
      return lines;
    },
  };
}
