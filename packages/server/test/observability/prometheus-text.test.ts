import { describe, expect, it } from "vitest";
import { createHistogram } from "../../src/observability/histogram.js";
import { createLabeledCounter } from "../../src/observability/labeled-counter.js";
import { escapeLabelValue, formatValue, sampleLine } from "../../src/observability/prometheus-text.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

describe("Prometheus text format", () => {
  it("escapes backslashes, quotes and line feeds in label values, and nothing else", () => {
    expect(escapeLabelValue('a\\b"c\nd é {}')).toBe('a\\\\b\\"c\\nd é {}');
    const line = sampleLine("x_total", { route: '/v1/"weird"\\\n' }, 1);
    expect(parsePrometheus(`# HELP x_total h\n# TYPE x_total counter\n${line}\n`).samples[0]?.labels).toEqual(
      {
        route: '/v1/"weird"\\\n',
      },
    );
  });

  it("writes special values as Prometheus spells them", () => {
    expect([Infinity, -Infinity, Number.NaN, 0.25, 3].map(formatValue)).toEqual([
      "+Inf",
      "-Inf",
      "NaN",
      "0.25",
      "3",
    ]);
  });

  it("a labeled counter keeps one count per label combination, in the declared label order", () => {
    const counter = createLabeledCounter({ name: "t_total", help: "test", labelNames: ["b", "a"] });
    counter.inc({ a: "1", b: "2" });
    counter.inc({ b: "2", a: "1" }, 2);
    counter.inc({ a: "x", b: "y" });
    expect(counter.value({ a: "1", b: "2" })).toBe(3);
    expect(counter.value({ a: "never", b: "seen" })).toBe(0);
    expect(counter.lines()).toEqual([
      "# HELP t_total test",
      "# TYPE t_total counter",
      't_total{b="2",a="1"} 3',
      't_total{b="y",a="x"} 1',
    ]);
  });

  it("a histogram writes cumulative buckets up to +Inf, its sum and its count", () => {
    const histogram = createHistogram({ name: "d_seconds", help: "durations", buckets: [0.1, 1] });
    for (const value of [0.05, 0.1, 0.5, 7, Number.NaN]) histogram.observe(value);
    const parsed = parsePrometheus(`${histogram.lines().join("\n")}\n`);
    expect(parsed.types.get("d_seconds")).toBe("histogram");
    expect(parsed.value("d_seconds_bucket", { le: "0.1" })).toBe(2); // le is inclusive
    expect(parsed.value("d_seconds_bucket", { le: "1" })).toBe(3);
    expect(parsed.value("d_seconds_bucket", { le: "+Inf" })).toBe(4); // NaN is not observed
    expect(parsed.value("d_seconds_count")).toBe(4);
    expect(parsed.value("d_seconds_sum")).toBeCloseTo(7.65, 10);
  });

  it("refuses buckets that are not strictly ascending", () => {
    expect(() => createHistogram({ name: "h", help: "h", buckets: [1, 1] })).toThrow(
      /voicehire-webhooks: .*ascending/,
    );
  });
});
