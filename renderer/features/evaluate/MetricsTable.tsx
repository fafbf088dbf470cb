/** The held-out metrics of a run's best model next to the task's trivial baseline. */
import { useTranslation } from 'react-i18next';
import { formatMetric, higherIsBetter } from '../../components/metricFormat.ts';

export function MetricsTable(props: {
  metrics: Record<string, number>;
  baseline: Record<string, number>;
  baselineName?: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  // NOTE: a forecast reports the naive forecast's errors as `naiveMae` … beside its own; they are
  // the baseline column already, so they get no row of their own.
  const shownAsBaseline = (k: string): boolean => {
    const base = /^naive([A-Z].*)$/.exec(k)?.[1];
    return (
      base !== undefined && props.baseline[base[0]?.toLowerCase() + base.slice(1)] !== undefined
    );
  };
  const names = Object.keys(props.metrics).filter(
    (k) => k !== 'loss' && !k.startsWith('baseline.') && !shownAsBaseline(k),
  );
  if (props.metrics.loss !== undefined) names.push('loss');
  return (
    <table className="metrics-table" data-testid="metrics-table">
      <thead>
        <tr>
          <th scope="col">{t('evaluate.metric')}</th>
          <th scope="col">{t('evaluate.model')}</th>
          <th scope="col">{props.baselineName ?? t('evaluate.baseline')}</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name) => {
          const m = props.metrics[name] as number;
          const b = props.baseline[name];
          const better =
            b === undefined || !Number.isFinite(b)
              ? null
              : higherIsBetter(name)
                ? m > b
                : name === 'loss'
                  ? null
                  : m < b;
          return (
            <tr key={name} data-metric={name}>
              <th scope="row">{t(`metrics.${name}` as 'metrics.loss', { defaultValue: name })}</th>
              <td data-better={better ?? undefined}>{formatMetric(name, m, lng)}</td>
              <td>{b === undefined ? '—' : formatMetric(name, b, lng)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
