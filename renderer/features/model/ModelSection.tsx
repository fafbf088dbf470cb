/** The Model section: a visual builder with one card per layer, live PyTorch shapes, parameter count, memory and advice. */
import './model.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { taskDefinition } from '../../../core/tasks/registry/index.ts';
import { studioStore, useStudio } from '../../app/store.ts';
import { formatBytes, formatCount } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { captionVocabSize, datasetDims } from '../data/dims.ts';
import { adviseModel } from './advice.ts';
import { CheckField } from './fields.tsx';
import { LanguageModelPanel } from './LanguageModelPanel.tsx';
import { LayerFlow } from './LayerFlow.tsx';
import { useChosenLanguageModel } from './languageModel.ts';
import { ModelPresets } from './ModelPresets.tsx';
import { TrainingMemoryPanel } from './TrainingMemoryPanel.tsx';
import { WordVectorsPanel } from './WordVectorsPanel.tsx';

export function ModelSection({ step }: { step: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const spec = useStudio((s) => s.spec);
  const dataset = useStudio((s) => s.dataset);
  const captions = useStudio((s) => s.captions);
  const batchFirst = useStudio((s) => s.batchFirst);
  const lm = useChosenLanguageModel();
  const dims = useMemo(() => {
    // NOTE: a captioning folder's training captions give its vocabulary under the spec's settings.
    const fromData =
      dataset !== null
        ? datasetDims(spec, dataset.preview, dataset.inspection)
        : captions !== null
          ? { targetVocabSize: captionVocabSize(captions.trainTokenCounts, spec.data) }
          : {};
    // A model started from a language model keeps its vocabulary (core/tasks/common/transfer.ts).
    const kept = lm !== null && spec.train.initFrom === lm.fileName;
    return kept ? { ...fromData, vocabSize: lm.vocabSize } : fromData;
  }, [spec, dataset, captions, lm]);
  // NOTE: each task's description takes its sequence length from the spec (maxLength, or the
  // forecast window) and falls back to the length the task itself would use.
  const model = taskDefinition(spec.task).describeModel(spec, dims, { batchFirst });
  const { memory } = model;
  const advice = adviseModel(spec);

  return (
    <SectionLayout
      step={step}
      title={t('sections.model.title')}
      summary={t('sections.model.summary')}
    >
      <div className="stack">
        {dataset === null && captions === null && (
          <Notice tone="info" title={t('model.noData.title')}>
            <p>{t('model.noData.body')}</p>
          </Notice>
        )}
        <section className="panel model-summary" aria-label={t('model.summary.label')}>
          <div className="model-summary__figures">
            <div>
              <span className="model-summary__label">{t('model.summary.task')}</span>
              <span className="model-summary__value">{t(`tasks.${spec.task}.name`)}</span>
            </div>
            <div>
              <span className="model-summary__label">{t('model.summary.params')}</span>
              <span className="model-summary__value" data-testid="total-params">
                {formatCount(model.totalParameters, lng)}
              </span>
              {model.frozenParameters > 0 && (
                <span className="model-summary__label" data-testid="frozen-params">
                  {t('model.summary.frozen', {
                    formatted: formatCount(model.frozenParameters, lng),
                  })}
                </span>
              )}
            </div>
            <div>
              <span className="model-summary__label">{t('model.summary.weights')}</span>
              <span className="model-summary__value">
                {formatBytes(memory.parameterBytes, lng)}
              </span>
            </div>
            <div>
              <span className="model-summary__label">{t('model.summary.training')}</span>
              <span className="model-summary__value" data-testid="training-memory">
                {formatBytes(memory.totalBytes, lng)}
              </span>
            </div>
          </div>
          <p className="panel__hint" data-testid="memory-note">
            {t('model.summary.memoryNote', {
              batch: spec.train.batchSize,
              length: model.sizes.sequenceLength,
            })}
          </p>
          <TrainingMemoryPanel />
          <div className="model-summary__controls">
            <ModelPresets spec={spec} />
            <CheckField
              label={t('model.batchFirst')}
              checked={batchFirst}
              testId="batch-first"
              onChange={(v) => studioStore.setBatchFirst(v)}
            />
          </div>
          <p className="panel__hint">{t('model.legend')}</p>
        </section>

        <LanguageModelPanel spec={spec} />
        <WordVectorsPanel spec={spec} />
        <LayerFlow model={model} spec={spec} advice={advice} />
      </div>
    </SectionLayout>
  );
}
