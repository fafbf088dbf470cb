/** The HTML legend under a chart: a swatch (solid or dashed) and the name of each series, and a filled swatch for a shaded band. */

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
export function ChartLegend({
  series,
  band,
}: {
  series: readonly LegendSeries[];
  /** A shaded band, listed after the lines with a filled swatch. */
  band?: { id: string; name: string; color: string };
}) {
  if (series.length <= 1 && band === undefined) return null;
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
      {band !== undefined && (
        <li key={band.id}>
          <span
            className="chart__swatch chart__swatch--band"
            style={{ background: band.color }}
            aria-hidden="true"
          />
          {band.name}
        </li>
      )}
    </ul>
  );
}
