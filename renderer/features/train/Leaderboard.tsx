/** An auto-tune run's leaderboard, live: the whole search's plan, each setting tried with its validation score, epochs, steps and seconds, and the one training now. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { leaderboard, type TunePlan } from '../../../core/tune/report.ts';
import type { TrialConfig } from '../../../core/tune/space.ts';
import type { RunView } from '../../app/runs.ts';
import { formatCount } from '../../components/format.ts';
import { type BoardRow, liveRows } from './autoProgress.ts';

type Tune = NonNullable<RunView['tune']>;

function settingsText(config: TrialConfig, t: TFunction): string {
  return [
    config.tokenizer === undefined ? null : t(`train.auto.tokenizers.${config.tokenizer}`),
    config.embeddingDim === undefined
      ? null
      : t('train.auto.embedding', { n: config.embeddingDim }),
    t('train.auto.hidden', { n: config.hiddenSize, layers: config.numLayers }),
    t('train.auto.dropout', { p: config.dropout }),
    t('train.auto.lr', { lr: config.lr }),
    config.charEncoder === undefined
      ? null
      : t(config.charEncoder ? 'train.auto.chars' : 'train.auto.noChars'),
    config.window === undefined ? null : t('train.auto.window', { n: config.window }),
    config.schedule === undefined
      ? null
      : t('train.auto.schedule', { name: t(`train.schedules.${config.schedule}`) }),
    config.annealFrom === undefined
      ? null
      : t('train.auto.annealed', { epochs: config.annealEpochs, trial: config.annealFrom }),
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

function statusText(row: BoardRow, tune: Tune, t: TFunction): string {
  if (tune.best === row.trial) return t('train.auto.status.best');
  if (row.training !== null) return t('train.auto.status.training', { round: row.training });
  if (row.dropped) return t('train.auto.status.dropped', { rung: row.rung + 1 });
  if (row.comparison?.kept === false) {
    return t('train.auto.status.withinNoise', { trial: row.comparison.against });
  }
  if (row.finished) return t('train.auto.status.ended');
  return tune.best === null ? t('train.auto.status.racing') : t('train.auto.status.behind');
}

/**
 * The whole search in one line, its rounds numbered as the progress line and the statuses number
 * them: the first round's rounds (or the spec first), then later rounds and the tail while time is left.
 */
function planText(plan: TunePlan, o: { metric: string; lng: string; t: TFunction }): string {
  const { metric, lng, t } = o;
  if (plan.specFirst === true) {
    const seconds = plan.specSeconds ?? 0;
    // NOTE: a spec that needs more than the whole budget leaves no time for any other setting.
    const key =
      seconds > plan.maxMinutes * 60 ? 'train.auto.specFirstLong' : 'train.auto.specFirst';
    return t(key, { seconds: formatCount(seconds, lng), metric, minutes: plan.maxMinutes });
  }
  return t('train.auto.plan', {
    trials: plan.trials,
    rungs: plan.rungs,
    final: plan.rungs + 1,
    steps: formatCount(plan.firstRungSteps, lng),
    metric,
    minutes: plan.maxMinutes,
  });
}

export function Leaderboard({ tune }: { tune: Tune }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { plan } = tune;
  const metric = t(`metrics.${plan.metric}`, { defaultValue: plan.metric });
  const rows = liveRows(
    leaderboard(tune.reports, {
      higherIsBetter: plan.higherIsBetter,
      searchOver: tune.best !== null,
      best: tune.best,
    }),
    tune.live,
  );
  return (
    <section className="panel" aria-labelledby="leaderboard-title" data-testid="leaderboard">
      <h2 className="panel__title" id="leaderboard-title">
        {t('train.auto.leaderboard')}
      </h2>
      <p className="panel__hint" data-testid="leaderboard-plan">
        {planText(plan, { metric, lng, t })}
      </p>
      <table className="runs-table leaderboard" data-testid="leaderboard-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('train.auto.columns.trial')}</th>
            <th>{t('train.auto.columns.settings')}</th>
            <th>{t('train.auto.columns.score', { metric })}</th>
            <th>{t('train.auto.columns.epochs')}</th>
            <th>{t('train.auto.columns.steps')}</th>
            <th>{t('train.auto.columns.seconds')}</th>
            <th>{t('train.auto.columns.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.trial}
              data-testid="leaderboard-row"
              data-best={tune.best === row.trial}
              data-training={row.training !== null}
            >
              <td>{row.place ?? '—'}</td>
              <td>{row.trial === 0 ? t('train.auto.asSet') : row.trial}</td>
              <td>{settingsText(row.config, t)}</td>
              <td>{row.score === null ? '—' : row.score.toFixed(4)}</td>
              <td>{row.epochs}</td>
              <td>{formatCount(row.steps, lng)}</td>
              <td>{row.place === null ? '—' : row.seconds}</td>
              <td>{statusText(row, tune, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
