/** The task-specific part of the Evaluate section: confusion matrix, tag report, forecast against actual, side-by-side translations, samples. */
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from '../../components/format.ts';
import { IntervalCaption } from '../../components/IntervalCaption.tsx';
import { LineChartPanel } from '../../components/LineChartPanel.tsx';
import { CaptionExamples } from './CaptionExamples.tsx';
import { ConfusionMatrixView } from './ConfusionMatrixView.tsx';
import type { BuiltReport } from './heldOutReport.ts';
import { PairsTable } from './PairsTable.tsx';
import { TagExampleBrowser, TagScoresTable } from './TagReport.tsx';

const dateTick = (x: number) => new Date(x).toISOString().slice(0, 10);

/** Points per line the forecast chart draws (thinned with LTTB beyond that, for display only). */
const CHART_POINTS = 1000;

/** Says how many examples the counts and scores cover (all of the split) and how many are listed. */
function HeldOutNote({ built }: { built: BuiltReport }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const listed = built.shown > 0 && built.shown < built.examples;
  return (
    <p className="panel__hint" data-testid="held-out-note" data-examples={built.examples}>
      {t('evaluate.heldOutNote', {
        count: built.examples,
        formatted: formatCount(built.examples, lng),
        split: t(`evaluate.split.${built.split}`),
      })}
      {listed && ` ${t('evaluate.shownNote', { shown: formatCount(built.shown, lng) })}`}
    </p>
  );
}

export function TaskReport({ built }: { built: BuiltReport }) {
  const { t, i18n } = useTranslation();
  const { report } = built;
  const note = <HeldOutNote built={built} />;
  switch (report.task) {
    case 'classify':
      return (
        <>
          <section className="panel" aria-labelledby="confusion-title">
            <h2 className="panel__title" id="confusion-title">
              {t('evaluate.confusion.title')}
            </h2>
            {note}
            <ConfusionMatrixView matrix={report.confusion} />
          </section>
          <section className="panel" aria-labelledby="classes-title">
            <h2 className="panel__title" id="classes-title">
              {t('evaluate.classes.title')}
            </h2>
            <TagScoresTable
              scores={report.perLabel}
              labelHeader={t('evaluate.classes.class')}
              testId="class-scores"
            />
          </section>
        </>
      );
    case 'tag':
      return (
        <>
          <section className="panel" aria-labelledby="tags-title">
            <h2 className="panel__title" id="tags-title">
              {t('evaluate.tags.title')}
            </h2>
            {note}
            <TagScoresTable scores={report.scores} />
          </section>
          <section className="panel" aria-labelledby="browser-title">
            <h2 className="panel__title" id="browser-title">
              {t('evaluate.tags.browser')}
            </h2>
            <TagExampleBrowser sentences={report.sentences} />
          </section>
        </>
      );
    case 'forecast': {
      const pts = report.points;
      const thinned = pts.length > CHART_POINTS;
      const banded = pts.filter((p) => p.low !== undefined && p.high !== undefined);
      const lng = i18n.resolvedLanguage ?? 'en';
      return (
        <section className="panel" aria-labelledby="forecast-title">
          <h2 className="panel__title" id="forecast-title">
            {t('evaluate.forecast.title', { target: report.target })}
          </h2>
          {note}
          <LineChartPanel
            title={t('evaluate.forecast.chart')}
            xLabel={report.byDate ? t('evaluate.forecast.date') : t('evaluate.forecast.step')}
            integerX
            testId="forecast-vs-actual"
            height={280}
            maxPoints={CHART_POINTS}
            {...(banded.length > 0 && report.interval !== undefined
              ? {
                  band: {
                    id: 'interval',
                    name: t('forecastInterval.legend', {
                      level: formatPercent(report.interval.level, lng),
                    }),
                    color: 'var(--chart-1)',
                    points: banded.map((p) => ({
                      x: p.x,
                      low: p.low as number,
                      high: p.high as number,
                    })),
                  },
                }
              : {})}
            {...(report.byDate ? { formatX: dateTick } : {})}
            series={[
              {
                id: 'actual',
                name: t('evaluate.forecast.actual'),
                color: 'var(--text-muted)',
                points: pts.map((p) => ({ x: p.x, y: p.actual })),
              },
              {
                id: 'model',
                name: t('evaluate.forecast.model'),
                color: 'var(--chart-1)',
                points: pts
                  .filter((p) => p.model !== undefined)
                  .map((p) => ({ x: p.x, y: p.model as number })),
              },
              {
                id: 'naive',
                name: t('evaluate.forecast.naive'),
                color: 'var(--chart-2)',
                dashed: true,
                points: pts
                  .filter((p) => p.naive !== undefined)
                  .map((p) => ({ x: p.x, y: p.naive as number })),
              },
            ]}
          />
          {report.interval !== undefined && banded.length > 0 && (
            <IntervalCaption interval={report.interval} />
          )}
          {thinned && (
            <p className="panel__hint" data-testid="chart-thinned">
              {t('evaluate.forecast.thinned', {
                max: formatCount(CHART_POINTS, lng),
                points: formatCount(pts.length, lng),
              })}
            </p>
          )}
        </section>
      );
    }
    case 'seq2seq':
      return (
        <section className="panel" aria-labelledby="pairs-title">
          <h2 className="panel__title" id="pairs-title">
            {t('evaluate.seq2seq.title')}
          </h2>
          {note}
          <PairsTable rows={report.rows} />
        </section>
      );
    case 'caption':
      return (
        <section className="panel" aria-labelledby="caption-examples-title">
          <h2 className="panel__title" id="caption-examples-title">
            {t('evaluate.caption.title')}
          </h2>
          {note}
          <CaptionExamples rows={report.rows} />
        </section>
      );
    case 'generate':
      return (
        <section className="panel" aria-labelledby="samples-title">
          <h2 className="panel__title" id="samples-title">
            {t('evaluate.generate.title')}
          </h2>
          {note}
          <ul className="samples" data-testid="samples">
            {report.samples.map((s) => (
              <li key={s.temperature}>
                <span className="samples__temp">
                  {t('evaluate.generate.temperature', { value: s.temperature })}
                </span>
                <p className="samples__text">{s.text}</p>
              </li>
            ))}
          </ul>
        </section>
      );
  }
}
