import { HOUR } from '../domain/durations.js';
import { localDate } from '../domain/time.js';
import type { DurationHistogram, WeekOnTime } from '../store/index.js';

/**
 * Charts as inline SVG drawn on the server: no script, no chart library, readable in any
 * browser and in a screenshot. Each bar has a <title> with its numbers.
 */

/** `30 min`, `2 h`, `36 h`, `3 d`: an axis label. */
export function shortDuration(ms: number): string {
  if (ms < HOUR) return `${Math.round(ms / 60_000)} min`;
  if (ms < 48 * HOUR) return `${Number((ms / HOUR).toFixed(1))} h`;
  return `${Number((ms / (24 * HOUR)).toFixed(1))} d`;
}

const W = 600;
const WIDE = 1200;
const H = 220;
const M = { left: 40, right: 12, top: 22, bottom: 36 };

/**
 * Done clocks by how long they took, with the target as a dashed line: bars left of it were
 * on time, bars right of it late. `targetBuckets` is the target in buckets.
 */
export function DurationChart(props: { id: string; title: string; histogram: DurationHistogram; bucketMs: number; targetMs: number }) {
  const { histogram, bucketMs, targetMs } = props;
  const n = histogram.buckets.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const bw = plotW / n;
  const max = Math.max(1, ...histogram.buckets);
  const y = (v: number) => M.top + plotH - (v / max) * plotH;
  const targetX = M.left + (targetMs / bucketMs) * bw;
  const labelEvery = n > 8 ? 2 : 1;
  return (
    <svg class="chart" id={props.id} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <line class="axis" x1={M.left} y1={M.top + plotH} x2={W - M.right} y2={M.top + plotH} />
      <line class="axis" x1={M.left} y1={M.top} x2={M.left} y2={M.top + plotH} />
      <text x={M.left - 6} y={M.top + 4} text-anchor="end">
        {max}
      </text>
      <text x={M.left - 6} y={M.top + plotH + 4} text-anchor="end">
        0
      </text>
      {histogram.buckets.map((count, i) => {
        const from = i * bucketMs;
        const last = i === n - 1;
        const range = last ? `${shortDuration(from)} or more` : `${shortDuration(from)} to ${shortDuration(from + bucketMs)}`;
        const height = M.top + plotH - y(count);
        return (
          <rect
            class={from + bucketMs <= targetMs ? 'within' : 'beyond'}
            x={M.left + i * bw + 2}
            y={y(count)}
            width={Math.max(1, bw - 4)}
            height={Math.max(count > 0 ? 1 : 0, height)}
            data-bucket={i}
            data-count={count}
          >
            <title>{`${range}: ${count}`}</title>
          </rect>
        );
      })}
      {histogram.buckets.map((_, i) =>
        i % labelEvery === 0 ? (
          <text x={M.left + i * bw} y={M.top + plotH + 16} text-anchor="middle">
            {i === 0 ? '0' : shortDuration(i * bucketMs)}
          </text>
        ) : null,
      )}
      <text x={W - M.right} y={M.top + plotH + 30} text-anchor="end">
        {`time taken (last bar: ${shortDuration((n - 1) * bucketMs)} or more)`}
      </text>
      <line class="target" x1={targetX} y1={M.top - 6} x2={targetX} y2={M.top + plotH} />
      <text x={targetX + 4} y={M.top - 8}>
        {`target ${shortDuration(targetMs)}`}
      </text>
    </svg>
  );
}

/** The share of clocks done on time, per week; an empty week is a grey stub marked "–". */
export function WeeklyChart(props: { id: string; title: string; weeks: WeekOnTime[] }) {
  const { weeks } = props;
  // Drawn across the page: a wider canvas keeps its text the size of the other charts'.
  const W = WIDE;
  const n = Math.max(1, weeks.length);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const bw = plotW / n;
  const y = (share: number) => M.top + plotH - share * plotH;
  return (
    <svg class="chart" id={props.id} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <line class="axis" x1={M.left} y1={M.top + plotH} x2={W - M.right} y2={M.top + plotH} />
      {[0, 0.5, 1].map((s) => (
        <>
          <line class="axis" x1={M.left} y1={y(s)} x2={W - M.right} y2={y(s)} stroke-opacity={s === 0 ? 1 : 0.4} />
          <text x={M.left - 6} y={y(s) + 4} text-anchor="end">{`${s * 100}%`}</text>
        </>
      ))}
      {weeks.map((w, i) => {
        const x = M.left + i * bw + 4;
        const label = localDate(w.weekStart, 'UTC');
        if (w.total === 0) {
          return (
            <>
              <rect class="none" x={x} y={y(0) - 3} width={Math.max(1, bw - 8)} height={3} data-week={label} data-total={0}>
                <title>{`week of ${label}: no clock decided`}</title>
              </rect>
              <text x={x + (bw - 8) / 2} y={y(0) - 8} text-anchor="middle">
                –
              </text>
              <text x={x + (bw - 8) / 2} y={M.top + plotH + 16} text-anchor="middle">
                {label.slice(5)}
              </text>
            </>
          );
        }
        const share = w.onTime / w.total;
        return (
          <>
            <rect
              class="rate"
              x={x}
              y={y(share)}
              width={Math.max(1, bw - 8)}
              height={Math.max(1, M.top + plotH - y(share))}
              data-week={label}
              data-total={w.total}
              data-on-time={w.onTime}
            >
              <title>{`week of ${label}: ${w.onTime} of ${w.total} on time`}</title>
            </rect>
            <text x={x + (bw - 8) / 2} y={y(share) - 5} text-anchor="middle">{`${Math.round(share * 100)}%`}</text>
            <text x={x + (bw - 8) / 2} y={M.top + plotH + 16} text-anchor="middle">
              {label.slice(5)}
            </text>
          </>
        );
      })}
      <text x={W - M.right} y={M.top + plotH + 30} text-anchor="end">
        weeks from Monday, UTC
      </text>
    </svg>
  );
}
