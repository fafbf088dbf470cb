/** The task-specific part of the Evaluate section: confusion matrix, tag report, forecast against actual, side-by-side translations, samples. */
import { useTranslation } from 'react-i18next';
import { LineChartPanel } from '../../components/LineChartPanel.tsx';
import { ConfusionMatrixView } from './ConfusionMatrixView.tsx';
import { PairsTable } from './PairsTable.tsx';
import { TagExampleBrowser, TagScoresTable } from './TagReport.tsx';
import type { HeldOutReport } from './useHeldOutReport.ts';

const dateTick = (x: number) => new Date(x).toISOString().slice(0, 10);

export function TaskReport({ report, examples }: { report: HeldOutReport; examples: number }) {
  const { t } = useTranslation();
  const note = <p className="panel__hint">{t('evaluate.heldOutNote', { count: examples })}</p>;
  switch (report.task) {
    case 'classify':
      return (
        <section className="panel" aria-labelledby="confusion-title">
          <h2 className="panel__title" id="confusion-title">
            {t('evaluate.confusion.title')}
          </h2>
          {note}
          <ConfusionMatrixView matrix={report.confusion} />
        </section>
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
      return (
        <section className="panel" aria-labelledby="forecast-title">
          <h2 className="panel__title" id="forecast-title">
            {t('evaluate.forecast.title', { target: report.target })}
          </h2>
          {note}
          <LineChartPanel
            title={t('evaluate.forecast.chart')}
            xLabel={report.byDate ? t('evaluate.forecast.date') : t('evaluate.forecast.step')}
            testId="forecast-vs-actual"
            height={280}
            maxPoints={1000}
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
    case 'generate':
      return (
        <section className="panel" aria-labelledby="samples-title">
          <h2 className="panel__title" id="samples-title">
            {t('evaluate.generate.title')}
          </h2>
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
