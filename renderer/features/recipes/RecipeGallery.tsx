/** The recipe gallery on the first screen: one card per recipe (title, task, data, licence, what to expect, time); one click loads its data and spec. */
import { datasetTitle, licenceName } from '../../components/datasetText.ts';
import './recipes.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RECIPES, type Recipe } from '../../../core/recipes/index.ts';
import { ForecastWarningText, useBaselineName } from '../../components/ForecastWarningNotice.tsx';
import { formatBytes } from '../../components/format.ts';
import { formatMetric } from '../../components/metricFormat.ts';
import { isLanguage } from '../../i18n/language.ts';
import { recipeLoader } from './appRecipeLoader.ts';
import { RecipeLoadStatus } from './RecipeLoadStatus.tsx';
import { recipeFacts } from './recipeFacts.ts';
import { useRecipeLoad } from './recipeLoader.ts';

function RecipeCard({ recipe, busy }: { recipe: Recipe; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const f = recipeFacts(recipe);
  const descriptionId = useId();
  const { unit } = recipe.metric;
  const value = formatMetric(f.metric, f.expected.value, lng);
  // NOTE: units are worded per language ("415 won", "415원"); unknown ones follow the value.
  const withUnit =
    unit === '' || unit === 'BLEU'
      ? value
      : t(`recipes.units.${unit}` as 'recipes.units.won', {
          value,
          defaultValue: `${value} ${unit}`,
        });
  const expected = `${t(`metrics.${f.metric}` as 'metrics.loss')} ${withUnit}`;
  const time =
    f.seconds === null
      ? t('recipes.card.timeLimit', { minutes: f.maxMinutes })
      : t('recipes.card.time', { minutes: Math.max(1, Math.round(f.seconds / 60)) });
  return (
    <li className="recipe-card">
      <button
        type="button"
        className="recipe-card__button"
        disabled={busy}
        aria-describedby={descriptionId}
        onClick={() => void recipeLoader.load(recipe)}
        data-testid={`recipe-${recipe.name}`}
      >
        <span className="recipe-card__task">{t(`tasks.${recipe.task}.name`)}</span>
        <span className="recipe-card__title">{recipe.title[lng]}</span>
        <span className="recipe-card__description" id={descriptionId}>
          {recipe.description[lng]}
        </span>
        <dl className="recipe-card__facts">
          <dt>{t('recipes.card.data')}</dt>
          <dd>
            {f.sampleId !== null
              ? t('recipes.card.bundled', {
                  sample: t(
                    `data.samples.items.${f.sampleId}` as 'data.samples.items.seattle-weather',
                  ),
                  dataset: datasetTitle(f.dataset, t),
                })
              : t('recipes.card.download', {
                  dataset: datasetTitle(f.dataset, t),
                  size: formatBytes(f.bytes, lng),
                })}
          </dd>
          <dt>{t('recipes.card.licence')}</dt>
          <dd>{licenceName(f.licence, t)}</dd>
          <dt>{t('recipes.card.expect')}</dt>
          <dd data-testid="recipe-expected">
            {f.expected.measured ? expected : t('recipes.card.reference', { value: expected })}
          </dd>
          {recipe.result.forecast !== undefined && (
            <ForecastBaselineFacts facts={recipe.result.forecast} unit={unit} />
          )}
          <dt>{t('recipes.card.timeLabel')}</dt>
          <dd>{time}</dd>
        </dl>
        {recipe.result.forecast?.warning !== undefined && (
          <span className="recipe-card__limitation" data-testid="recipe-forecast-warning">
            <span className="recipe-card__limitation-label">
              {t('forecastOutcome.warningTitle')}
            </span>{' '}
            <ForecastWarningText warning={recipe.result.forecast.warning} />
          </span>
        )}
        {recipe.limitation !== undefined && (
          <span className="recipe-card__limitation" data-testid="recipe-limitation">
            <span className="recipe-card__limitation-label">{t('recipes.card.limitation')}</span>{' '}
            {recipe.limitation[lng]}
          </span>
        )}
      </button>
    </li>
  );
}

/** The baselines' test MAE a forecast recipe was measured against (naive, seasonal naive, Holt-Winters). */
function ForecastBaselineFacts({
  facts,
  unit,
}: {
  facts: NonNullable<Recipe['result']['forecast']>;
  unit: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const baselineName = useBaselineName();
  const mae = (v: number) => {
    const value = formatMetric('mae', v, lng);
    return t(`recipes.units.${unit}` as 'recipes.units.won', {
      value,
      defaultValue: `${value} ${unit}`,
    });
  };
  const parts = [
    `${baselineName('naive', null)} ${mae(facts.naiveMae)}`,
    ...(facts.seasonalNaiveMae === null
      ? []
      : [`${baselineName('seasonal-naive', facts.seasonalPeriod)} ${mae(facts.seasonalNaiveMae)}`]),
    `${baselineName('holt-winters', null)} ${mae(facts.holtWintersMae)}`,
  ];
  return (
    <>
      <dt>{t('recipes.card.baselines')}</dt>
      <dd data-testid="recipe-baselines">{parts.join(' · ')}</dd>
    </>
  );
}

export function RecipeGallery() {
  const { t } = useTranslation();
  const state = useRecipeLoad(recipeLoader);
  const busy = state.status === 'downloading' || state.status === 'importing';
  return (
    <section className="panel" aria-labelledby="recipes-heading" data-testid="recipe-gallery">
      <h2 className="panel__title" id="recipes-heading">
        {t('recipes.title')}
      </h2>
      <p className="panel__hint">{t('recipes.hint')}</p>
      <RecipeLoadStatus state={state} loader={recipeLoader} />
      <ul className="recipe-cards">
        {RECIPES.map((r) => (
          <RecipeCard key={r.name} recipe={r} busy={busy} />
        ))}
      </ul>
    </section>
  );
}
