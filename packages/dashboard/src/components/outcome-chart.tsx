import type { StatsBucket } from "../api/types";
import { useI18n } from "../i18n/i18n-context";
import { ColumnHeads } from "./column-heads";
import { useElementWidth } from "./use-element-width";

/**
 * Deliveries over time by outcome: stacked bars (succeeded, failed, pending) with a value axis and
 * time labels, drawn in SVG that scales to its container's width. The same numbers are in a table
 * below it for screen readers and keyboard users.
 */
const HEIGHT = 220;
const LEFT = 44;
const BOTTOM = 24;
const TOP = 8;

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10].map((s) => s * magnitude);
  return steps.find((s) => s >= value) ?? value;
}

export function OutcomeChart(props: {
  readonly buckets: readonly StatsBucket[];
  readonly bucket: "hour" | "day";
  readonly title: string;
}) {
  const { t, format } = useI18n();
  const [box, WIDTH] = useElementWidth<HTMLDivElement>(720);
  const { buckets } = props;
  const top = niceMax(Math.max(0, ...buckets.map((b) => b.succeeded + b.failed + b.pending)));
  const plotWidth = WIDTH - LEFT - 4;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = plotWidth / Math.max(1, buckets.length);
  const bar = Math.max(1, slot * 0.8);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const label = (start: string) =>
    props.bucket === "hour" ? format.time(start).slice(0, 5) : format.shortDate(start);
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor(plotWidth / 64))));
  const ticks = [0, top / 2, top];
  return (
    <figure class="chart">
      <figcaption class="chart-title">{props.title}</figcaption>
      <div ref={box} class="chart-box">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width={WIDTH}
          height={HEIGHT}
          class="outcome-chart"
          role="img"
          aria-label={props.title}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} class="grid" />
              <text x={LEFT - 6} y={y(tick) + 4} class="tick" text-anchor="end">
                {format.number(tick)}
              </text>
            </g>
          ))}
          {buckets.map((b, index) => {
            const x = LEFT + index * slot + (slot - bar) / 2;
            const parts: [string, number][] = [
              ["bar-succeeded", b.succeeded],
              ["bar-failed", b.failed],
              ["bar-pending", b.pending],
            ];
            let base = 0;
            return (
              <g key={b.start}>
                {parts.map(([cls, value]) => {
                  if (value <= 0) return null;
                  const rect = (
                    <rect
                      key={cls}
                      x={x}
                      y={y(base + value)}
                      width={bar}
                      height={y(base) - y(base + value)}
                      class={cls}
                    />
                  );
                  base += value;
                  return rect;
                })}
                {index % labelEvery === 0 ? (
                  <text x={x + bar / 2} y={HEIGHT - 6} class="tick" text-anchor="middle">
                    {label(b.start)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <ul class="legend">
        <li>
          <span class="swatch bar-succeeded" aria-hidden="true" /> {t("monitoring.succeeded")}
        </li>
        <li>
          <span class="swatch bar-failed" aria-hidden="true" /> {t("monitoring.failed")}
        </li>
        <li>
          <span class="swatch bar-pending" aria-hidden="true" /> {t("monitoring.pending")}
        </li>
      </ul>
      <details class="chart-data">
        <summary>{t("chart.show_data")}</summary>
        <div class="table-scroll">
          <table>
            <ColumnHeads
              labels={[
                t("chart.period"),
                t("monitoring.succeeded"),
                t("monitoring.failed"),
                t("monitoring.pending"),
              ]}
            />
            <tbody>
              {buckets.map((b) => (
                <tr key={b.start}>
                  <th scope="row">
                    {props.bucket === "hour" ? format.dateTime(b.start) : format.shortDate(b.start)}
                  </th>
                  <td>{format.number(b.succeeded)}</td>
                  <td>{format.number(b.failed)}</td>
                  <td>{format.number(b.pending)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
