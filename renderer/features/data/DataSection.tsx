/** The Data section: choose a file or sample, watch it being read, then check the inspection, task, roles, splits and statistics. */
import './data.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recipeByName } from '../../../core/recipes/index.ts';
import { useStudio } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { isLanguage } from '../../i18n/language.ts';
import { TrainingMemoryPanel } from '../model/TrainingMemoryPanel.tsx';
import { RecipeGallery } from '../recipes/RecipeGallery.tsx';
import { ColumnList } from './ColumnList.tsx';
import { CaptionDataPanel } from './captions/CaptionDataPanel.tsx';
import { CaptionImportStatus } from './captions/CaptionImportStatus.tsx';
import { CaptionPicker } from './captions/CaptionPicker.tsx';
import { useCaptionImport } from './captions/importCaptions.ts';
import { DropZone, GalleryList, SampleCards } from './DatasetPicker.tsx';
import { DatasetStats } from './DatasetStats.tsx';
import { DerivedColumns } from './DerivedColumns.tsx';
import { FileSummary } from './FileSummary.tsx';
import { ImportErrorPanel, ImportProgressCard } from './ImportStatusPanel.tsx';
import { importFile } from './importDataset.ts';
import { LabelNames } from './LabelNames.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { ProjectDatasets } from './ProjectDatasets.tsx';
import { SplitSettings } from './SplitSettings.tsx';
import { RoleEditor, TaskPicker } from './TaskAndRoles.tsx';

/** The loaded file's heading, which takes focus when a file is chosen. */
const SUMMARY_HEADING = '#file-summary-heading';
/** "Choose a file…", which takes focus when "Use another file" opens the picker. */
const CHOOSE_FILE = '[data-testid="choose-file"]';

/** Above the picker while "Use another file" is open: which file stays loaded, and Cancel. */
function ReplaceBar({ fileName, onCancel }: { fileName: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel replace-bar" aria-labelledby="replace-heading">
      <div>
        <h2 className="panel__title" id="replace-heading">
          {t('data.replace.title')}
        </h2>
        <p className="panel__hint">{t('data.replace.hint', { name: fileName })}</p>
      </div>
      <button type="button" className="button" onClick={onCancel} data-testid="replace-cancel">
        {t('data.replace.cancel', { name: fileName })}
      </button>
    </section>
  );
}

export function DataSection({ step }: { step: string }) {
  const { t, i18n } = useTranslation();
  const dataset = useStudio((s) => s.dataset);
  const status = useStudio((s) => s.import);
  const spec = useStudio((s) => s.spec);
  const roles = useStudio((s) => s.roles);
  const split = useStudio((s) => s.split);
  const captions = useStudio((s) => s.captions);
  const captionImport = useCaptionImport();
  const [replacing, setReplacing] = useState(false);
  const file = dataset?.file;
  // NOTE: the file shown when the section opened is not "new"; a file chosen afterwards (a pick,
  // a drop, a sample, a recipe, a project) ends "Use another file", is confirmed, and takes focus.
  const shown = useRef(file);
  const [justLoaded, setJustLoaded] = useState(false);
  // NOTE: focus moves after the commit that shows its target (the summary or the picker).
  const [focusTo, setFocusTo] = useState<{ selector: string } | null>(null);
  useEffect(() => {
    if (focusTo !== null) document.querySelector<HTMLElement>(focusTo.selector)?.focus();
  }, [focusTo]);
  useEffect(() => {
    if (file === shown.current) return;
    shown.current = file;
    setReplacing(false);
    setJustLoaded(file !== undefined);
    if (file !== undefined) setFocusTo({ selector: SUMMARY_HEADING });
  }, [file]);
  useEffect(() => {
    if (captions !== null) setReplacing(false);
  }, [captions]);
  const showPicker = (dataset === null && captions === null) || replacing;
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
        <CaptionImportStatus status={captionImport} />
        {status.status === 'failed' && (
          <ImportErrorPanel
            status={status}
            onRetryEncoding={(encoding) => void importFile(status.file, { reading: { encoding } })}
          />
        )}
        {showPicker && status.status !== 'reading' && (
          <>
            {replacing && (dataset !== null || captions !== null) && (
              <ReplaceBar
                fileName={dataset?.inspection.fileName ?? captions?.summary.name ?? ''}
                onCancel={() => {
                  setReplacing(false);
                  setFocusTo({ selector: SUMMARY_HEADING });
                }}
              />
            )}
            <DropZone />
            <CaptionPicker />
            <RecipeGallery />
            <SampleCards />
            <GalleryList />
          </>
        )}
        {captions !== null && !replacing && (
          <CaptionDataPanel
            captions={captions}
            onReplace={() => {
              setReplacing(true);
              setFocusTo({ selector: CHOOSE_FILE });
            }}
          />
        )}
        {dataset !== null && !replacing && (
          <>
            {recipe !== undefined ? (
              <Notice
                tone="info"
                title={t('recipes.loaded', { recipe: recipe.title[lng] })}
                testId="recipe-loaded"
              />
            ) : (
              justLoaded && (
                <Notice
                  tone="info"
                  title={t('data.summary.loaded', { name: dataset.inspection.fileName })}
                  testId="file-loaded"
                >
                  {t('data.summary.loadedNext')}
                </Notice>
              )
            )}
            <FileSummary
              dataset={dataset}
              onReplace={() => {
                setReplacing(true);
                setFocusTo({ selector: CHOOSE_FILE });
              }}
            />
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
            {spec.task === 'classify' && roles.label !== undefined && (
              <LabelNames dataset={dataset} column={roles.label} names={spec.data.labelNames} />
            )}
            <PreviewTable dataset={dataset} roles={roles} />
            <ColumnList inspection={dataset.inspection} roles={roles} derived={derived} />
            <SplitSettings spec={spec} split={split} rows={dataset.inspection.rows} />
            <DatasetStats dataset={dataset} spec={spec} roles={roles} />
          </>
        )}
      </div>
    </SectionLayout>
  );
}
