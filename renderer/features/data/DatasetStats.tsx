/** Statistics for the chosen task: class balance (classify), sequence lengths (text tasks), the target series (forecast, derived columns computed). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ColumnRoles, dateOrdersOf } from '../../../core/data/index.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { LoadedDataset } from '../../app/store.ts';
import { BarList } from '../../components/BarList.tsx';
import { ColumnChart } from '../../components/ColumnChart.tsx';
import { formatCount, formatPercent } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { derivedLabel, derivedPreview } from './derivedColumns.ts';
import { SeriesChart } from './SeriesChart.tsx';
import { classBalance, lengthHistogram, seriesPoints, tokenLengths } from './stats.ts';

/** The columns and rows the statistics read (the preview, with derived columns for forecast). */
interface StatRows {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

function values(table: StatRows, column: string | undefined): string[] | null {
  if (column === undefined) return null;
  const i = table.columns.indexOf(column);
  return i === -1 ? null : table.rows.map((r) => r[i] ?? '');
}

/** Which column's lengths matter for the task (tag files: the token column). */
function lengthColumn(spec: RunSpec, roles: ColumnRoles, dataset: LoadedDataset): string[] | null {
  switch (spec.task) {
    case 'classify':
    case 'generate':
      return values(dataset.preview, roles.text);
    case 'seq2seq':
      return values(dataset.preview, roles.source);
    case 'tag':
      return dataset.preview.rows.map((r) => r[0] ?? '');
    case 'forecast':
    case 'caption':
      return null;
  }
}

function ClassBalance({
  labels,
  names,
}: {
  labels: string[];
  /** spec.data.labelNames: a named code shows as "name (code)". */
  names: Readonly<Record<string, string>> | undefined;
}) {
  const { t, i18n } = useTranslation();
  const counts = useMemo(() => classBalance(labels), [labels]);
  const total = counts.reduce((n, c) => n + c.count, 0);
  const shown = counts.slice(0, 20);
  return (
    <div className="stat" data-testid="class-balance">
      <h3 className="stat__title">{t('data.stats.classBalance', { classes: counts.length })}</h3>
      <BarList
        label={t('data.stats.classBalance', { classes: counts.length })}
        items={shown.map((c) => ({
          label:
            names !== undefined && Object.hasOwn(names, c.label)
              ? `${names[c.label]} (${c.label})`
              : c.label,
          value: c.count,
          valueText: `${formatCount(c.count, i18n.language)} (${formatPercent(c.count / total, i18n.language)})`,
        }))}
      />
      {counts.length > shown.length && (
        <p className="panel__hint">
          {t('data.stats.moreClasses', { more: counts.length - shown.length })}
        </p>
      )}
    </div>
  );
}

function Lengths({
  texts,
  tokenizer,
}: {
  texts: string[];
  tokenizer: RunSpec['data']['tokenizer'];
}) {
  const { t } = useTranslation();
  const hist = useMemo(() => lengthHistogram(tokenLengths(texts, tokenizer)), [texts, tokenizer]);
  const unit = tokenizer === 'char' ? t('data.stats.unitChar') : t('data.stats.unitWord');
  const last = hist.bins.at(-1);
  return (
    <div className="stat" data-testid="length-histogram">
      <h3 className="stat__title">{t('data.stats.lengths', { unit })}</h3>
      <ColumnChart
        label={t('data.stats.lengths', { unit })}
        bars={hist.bins.map((b) => ({ label: `${b.from}–${b.to - 1}`, value: b.count }))}
        startCaption="0"
        endCaption={String(last?.to ?? 0)}
        summary={t('data.stats.lengthSummary', {
          median: hist.median,
          p95: hist.p95,
          max: hist.max,
          measured: hist.measured,
          unit,
        })}
      />
    </div>
  );
}

export function DatasetStats({
  dataset,
  spec,
  roles,
}: {
  dataset: LoadedDataset;
  spec: RunSpec;
  roles: ColumnRoles;
}) {
  const { t } = useTranslation();
  const labels = useMemo(
    () => (spec.task === 'classify' ? values(dataset.preview, roles.label) : null),
    [dataset, spec.task, roles.label],
  );
  const texts = useMemo(() => lengthColumn(spec, roles, dataset), [spec, roles, dataset]);
  const derived = spec.task === 'forecast' ? spec.data.derivedColumns : undefined;
  const table = useMemo(
    () => derivedPreview(dataset.preview, dataset.inspection, derived ?? []),
    [dataset, derived],
  );
  const series = useMemo(() => {
    if (spec.task !== 'forecast' || !table.ok) return null;
    const target = values(table, roles.target);
    if (target === null) return null;
    const dates = values(table, roles.date);
    const { inspection } = dataset;
    const orders = dateOrdersOf(inspection, inspection.reading.options.dateOrder);
    const order = roles.date === undefined ? undefined : orders[roles.date];
    return { points: seriesPoints(target, dates, { order }), byDate: dates !== null };
  }, [table, dataset, spec.task, roles.target, roles.date]);
  const targetDef = derived?.find((d) => d.name === roles.target);
  const targetLabel = targetDef !== undefined ? derivedLabel(targetDef) : (roles.target ?? '');
  const tokenizer = spec.task === 'tag' ? 'word' : spec.data.tokenizer;
  return (
    <section className="panel" aria-labelledby="stats-heading">
      <h2 className="panel__title" id="stats-heading">
        {t('data.stats.title')}
      </h2>
      {!dataset.preview.complete && <p className="panel__hint">{t('data.stats.partial')}</p>}
      {!table.ok && (
        <Notice tone="error" title={t('data.stats.derivedFailed')} testId="derived-failed">
          <p className="notice__message">{table.message}</p>
        </Notice>
      )}
      <div className="stats">
        {labels !== null && <ClassBalance labels={labels} names={spec.data.labelNames} />}
        {texts !== null && <Lengths texts={texts} tokenizer={tokenizer} />}
        {series !== null && (
          <div className="stat stat--wide">
            <h3 className="stat__title">{t('data.stats.series', { column: targetLabel })}</h3>
            <SeriesChart label={targetLabel} points={series.points} byDate={series.byDate} />
          </div>
        )}
      </div>
    </section>
  );
}
