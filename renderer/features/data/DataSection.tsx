/** The Data section: choose a file or sample, watch it being read, then check the inspection, task, roles, splits and statistics. */
import './data.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recipeByName } from '../../../core/recipes/index.ts';
import { useStudio } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { isLanguage } from '../../i18n/language.ts';
import { TrainingMemoryPanel } from '../model/TrainingMemoryPanel.tsx';
import { RecipeGallery } from '../recipes/RecipeGallery.tsx';
import { ColumnList } from './ColumnList.tsx';
import { DropZone, GalleryList, SampleCards } from './DatasetPicker.tsx';
import { DatasetStats } from './DatasetStats.tsx';
import { DerivedColumns } from './DerivedColumns.tsx';
import { FileSummary } from './FileSummary.tsx';
import { ImportErrorPanel, ImportProgressCard } from './ImportStatusPanel.tsx';
import { importFile } from './importDataset.ts';
import { PreviewTable } from './PreviewTable.tsx';
import { ProjectDatasets } from './ProjectDatasets.tsx';
import { SplitSettings } from './SplitSettings.tsx';
import { RoleEditor, TaskPicker } from './TaskAndRoles.tsx';

export function DataSection({ step }: { step: string }) {
  const { t, i18n } = useTranslation();
  const dataset = useStudio((s) => s.dataset);
  const status = useStudio((s) => s.import);
  const spec = useStudio((s) => s.spec);
  const roles = useStudio((s) => s.roles);
  const split = useStudio((s) => s.split);
  const [replacing, setReplacing] = useState(false);
  const file = dataset?.file;
  // NOTE: a newly chosen file ends "Use another file": the new file is shown, not the picker.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the file changes.
  useEffect(() => setReplacing(false), [file]);
  const showPicker = dataset === null || replacing;
  const lng = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const derived = spec.task === 'forecast' ? (spec.data.derivedColumns ?? []) : [];
  const recipe = dataset?.recipe === undefined ? undefined : recipeByName(dataset.recipe);

  return (
    <SectionLayout
      step={step}
      title={t('sections.data.title')}
      summary={t('sections.data.summary')}
    >
      <div className="stack">
        <ProjectDatasets />
        {status.status === 'reading' && <ImportProgressCard status={status} />}
        {status.status === 'failed' && (
          <ImportErrorPanel
            status={status}
            onRetryEncoding={(encoding) => void importFile(status.file, { reading: { encoding } })}
          />
        )}
        {showPicker && status.status !== 'reading' && (
          <>
            <RecipeGallery />
            <DropZone />
            {replacing && dataset !== null && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setReplacing(false)}
              >
                {t('data.summary.keep', { name: dataset.inspection.fileName })}
              </button>
            )}
            <SampleCards />
            <GalleryList />
          </>
        )}
        {dataset !== null && !replacing && (
          <>
            {recipe !== undefined && (
              <Notice
                tone="info"
                title={t('recipes.loaded', { recipe: recipe.title[lng] })}
                testId="recipe-loaded"
              />
            )}
            <FileSummary dataset={dataset} onReplace={() => setReplacing(true)} />
            <TrainingMemoryPanel />
            <TaskPicker inspection={dataset.inspection} task={spec.task} />
            {spec.task === 'forecast' && (
              <DerivedColumns inspection={dataset.inspection} defs={derived} />
            )}
            <RoleEditor
              inspection={dataset.inspection}
              task={spec.task}
              roles={roles}
              derived={derived}
            />
            <PreviewTable dataset={dataset} />
            <ColumnList inspection={dataset.inspection} roles={roles} derived={derived} />
            <SplitSettings spec={spec} split={split} rows={dataset.inspection.rows} />
            <DatasetStats dataset={dataset} spec={spec} roles={roles} />
          </>
        )}
      </div>
    </SectionLayout>
  );
}
