/** A light SVG line chart for live training curves: downsampled (LTTB) polylines, nice ticks and an HTML legend, cheap to redraw many times a second. */
import './charts.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ChartLegend } from './ChartLegend.tsx';
import { niceTicks } from './chartTicks.ts';
import { lttb, type XY } from './downsample.ts';
import { formatChartNumber } from './format.ts';
import type { ChartSeries } from './LineChartPanel.tsx';

export interface LiveLineChartProps {
  title: string;
  series: readonly ChartSeries[];
  xLabel: string;
  height?: number;
  /** Points drawn per series at most (default 500). */
  maxPoints?: number;
  formatY?: (y: number) => string;
  testId?: string;
  /** Bumped when the series' arrays grew in place. */
  version?: number;
  /** The x axis counts (steps, epochs): whole-number ticks only. */
  integerX?: boolean;
}

const PAD = { left: 52, right: 12, top: 8, bottom: 24 };

export function LiveLineChart(props: LiveLineChartProps) {
  const { title, series, xLabel, height = 200, maxPoints = 500, testId } = props;
  const formatY = props.formatY ?? formatChartNumber;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` signals arrays that grew in place.
  const drawn = useMemo(
    () => series.map((s) => ({ ...s, points: lttb(s.points, maxPoints) })),
    [series, maxPoints, props.version],
  );
  const all = drawn.flatMap((s) => s.points as XY[]);
  const empty = all.length === 0;
  let x0 = Math.min(...all.map((p) => p.x));
  let x1 = Math.max(...all.map((p) => p.x));
  let y0 = Math.min(...all.map((p) => p.y));
  let y1 = Math.max(...all.map((p) => p.y));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) {
    y0 -= Math.abs(y0) * 0.1 || 1;
    y1 += Math.abs(y1) * 0.1 || 1;
  }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  if (x0 === Number.POSITIVE_INFINITY) x0 = 0;
  const w = Math.max(0, width - PAD.left - PAD.right);
  const h = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
  const sy = (y: number) => PAD.top + (1 - (y - y0) / (y1 - y0)) * h;
  const yTicks = empty ? [] : niceTicks(y0, y1, 4);
  // NOTE: ticks near the right end would collide with the axis name drawn there.
  const xTicks = empty
    ? []
    : niceTicks(x0, x1, Math.max(2, Math.floor(w / 90)), props.integerX).filter(
        (v) => sx(v) < PAD.left + w - 48,
      );
  return (
    <figure className="chart" aria-label={title} data-testid={testId}>
      <figcaption className="chart__title">{title}</figcaption>
      <div ref={box} style={{ height }}>
        {empty ? (
          <p className="chart__empty" style={{ height }}>
            —
          </p>
        ) : (
          width > 0 && (
            <svg width={width} height={height} role="img" aria-label={title} className="live-chart">
              {yTicks.map((v) => (
                <g key={`y${v}`}>
                  <line
                    x1={PAD.left}
                    x2={PAD.left + w}
                    y1={sy(v)}
                    y2={sy(v)}
                    className="live-chart__grid"
                  />
                  <text
                    x={PAD.left - 6}
                    y={sy(v)}
                    dy="0.32em"
                    textAnchor="end"
                    className="live-chart__tick"
                  >
                    {formatY(v)}
                  </text>
                </g>
              ))}
              {xTicks.map((v) => (
                <text
                  key={`x${v}`}
                  x={sx(v)}
                  y={height - 6}
                  textAnchor="middle"
                  className="live-chart__tick"
                >
                  {formatChartNumber(v)}
                </text>
              ))}
              <text
                x={PAD.left + w}
                y={height - 6}
                textAnchor="end"
                className="live-chart__tick live-chart__axis"
              >
                {xLabel}
              </text>
              {drawn.map((s) => (
                <g key={s.id}>
                  <path
                    className="recharts-curve live-chart__line"
                    d={s.points
                      .map(
                        (p, i) =>
                          `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`,
                      )
                      .join('')}
                    stroke={s.color}
                    strokeDasharray={s.dashed ? '5 4' : undefined}
                  />
                  {s.dots &&
                    s.points.map((p) => (
                      <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={2.6} fill={s.color} />
                    ))}
                </g>
              ))}
            </svg>
          )
        )}
      </div>
      <ChartLegend series={series} />
    </figure>
  );
}
