import type { StatsBucket } from "../api/types";
import { useI18n } from "../i18n/i18n-context";

/**
 * An endpoint's last 24 hours as a small inline SVG: one bar per hour, its height the volume, the
 * failed part in red on top of the succeeded part. The numbers are in its accessible name.
 */
const WIDTH = 120;
const HEIGHT = 32;

export function Sparkline(props: { readonly buckets: readonly StatsBucket[] }) {
  const { tn } = useI18n();
  const { buckets } = props;
  const succeeded = buckets.reduce((sum, b) => sum + b.succeeded, 0);
  const failed = buckets.reduce((sum, b) => sum + b.failed, 0);
  const max = Math.max(1, ...buckets.map((b) => b.succeeded + b.failed + b.pending));
  const slot = WIDTH / Math.max(1, buckets.length);
  const bar = Math.max(1, slot - 1);
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={tn("chart.sparkline_label", succeeded + failed, { failed })}
    >
      <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} class="axis" />
      {buckets.map((bucket, index) => {
        const ok = (bucket.succeeded / max) * (HEIGHT - 2);
        const ko = (bucket.failed / max) * (HEIGHT - 2);
        const x = index * slot;
        return (
          <g key={bucket.start}>
            {ok > 0 ? <rect x={x} y={HEIGHT - 1 - ok} width={bar} height={ok} class="bar-succeeded" /> : null}
            {ko > 0 ? (
              <rect x={x} y={HEIGHT - 1 - ok - ko} width={bar} height={ko} class="bar-failed" />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
