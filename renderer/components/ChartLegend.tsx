/** The HTML legend under a chart: a swatch (solid or dashed) and the name of each series. */

/** What the legend needs of a series. */
export interface LegendSeries {
  id: string;
  name: string;
  color: string;
  dashed?: boolean;
}

/**
 * Lists the series when there is more than one (a single series is named by the chart's title).
 * NOTE: HTML, not recharts' <Legend>, which measures itself and re-renders the chart.
 */
export function ChartLegend({ series }: { series: readonly LegendSeries[] }) {
  if (series.length <= 1) return null;
  return (
    <ul className="chart__legend">
      {series.map((s) => (
        <li key={s.id}>
          <span
            className="chart__swatch"
            data-dashed={s.dashed === true}
            style={{ borderColor: s.color }}
            aria-hidden="true"
          />
          {s.name}
        </li>
      ))}
    </ul>
  );
}
