/** A recipe load's progress (download with bytes and file) or its failure with the URLs to fetch by hand and a picker for the downloaded files. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recipeByName } from '../../../core/recipes/index.ts';
import { formatBytes } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { isLanguage } from '../../i18n/language.ts';
import type { RecipeLoader, RecipeLoadState } from './recipeLoader.ts';

function FailedLoad({
  state,
  loader,
}: {
  state: Extract<RecipeLoadState, { status: 'failed' }>;
  loader: RecipeLoader;
}) {
  const { t, i18n } = useTranslation();
  const lng = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const inputId = useId();
  const [chooseError, setChooseError] = useState<string | null>(null);
  const recipe = recipeByName(state.recipe);
  const title = recipe?.title[lng] ?? state.recipe;
  return (
    <Notice
      tone="error"
      title={
        state.reason === 'desktop'
          ? t('recipes.failed.desktopTitle', { recipe: title })
          : t('recipes.failed.title', { recipe: title })
      }
      testId="recipe-error"
      actions={
        <>
          <input
            id={inputId}
            type="file"
            multiple={state.files.length > 1}
            className="visually-hidden"
            data-testid="recipe-files-input"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              if (recipe === undefined || files.length === 0) return;
              setChooseError(null);
              loader
                .loadFromFiles(recipe, files)
                .catch((err: unknown) =>
                  setChooseError(err instanceof Error ? err.message : String(err)),
                );
            }}
          />
          <label htmlFor={inputId} className="button button--primary">
            {state.files.length > 1 ? t('recipes.failed.chooseMany') : t('recipes.failed.choose')}
          </label>
          <button type="button" className="button button--quiet" onClick={loader.dismiss}>
            {t('recipes.failed.dismiss')}
          </button>
        </>
      }
    >
      {state.reason === 'download' ? (
        <p className="notice__message" data-testid="recipe-error-message">
          {state.message}
        </p>
      ) : (
        <p data-testid="recipe-error-message">{t('recipes.failed.desktopBody')}</p>
      )}
      <p>{t('recipes.failed.manual')}</p>
      <ul className="recipe-urls" data-testid="recipe-urls">
        {state.urls.map((u) => (
          <li key={u}>
            <code>{u}</code>
          </li>
        ))}
      </ul>
      {chooseError !== null && <p className="notice__message">{chooseError}</p>}
    </Notice>
  );
}

export function RecipeLoadStatus({
  state,
  loader,
}: {
  state: RecipeLoadState;
  loader: RecipeLoader;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  switch (state.status) {
    case 'idle':
      return null;
    case 'importing':
      return (
        <p className="panel__hint" role="status">
          {t('recipes.importing')}
        </p>
      );
    case 'downloading':
      return (
        <div className="recipe-progress" data-testid="recipe-progress">
          <ProgressBar
            label={t('recipes.progress.label')}
            fraction={state.bytesTotal === null ? null : state.bytesReceived / state.bytesTotal}
            detail={t('recipes.progress.detail', {
              file: state.file,
              index: state.fileIndex + 1,
              count: state.fileCount,
              received: formatBytes(state.bytesReceived, lng),
              total: state.bytesTotal === null ? '?' : formatBytes(state.bytesTotal, lng),
            })}
          />
          <button type="button" className="button button--quiet" onClick={loader.cancel}>
            {t('recipes.progress.cancel')}
          </button>
        </div>
      );
    case 'failed':
      return <FailedLoad state={state} loader={loader} />;
  }
}
