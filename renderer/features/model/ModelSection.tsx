/** The Model section: a visual builder with one card per layer, live PyTorch shapes, parameter count, memory and advice. */
import './model.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelSpec, RunSpec } from '../../../core/tasks/spec.ts';
import { studioStore, useStudio } from '../../app/store.ts';
import { formatBytes, formatCount } from '../../components/format.ts';
import { Icon } from '../../components/Icon.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { datasetDims } from '../data/dims.ts';
import { adviseModel } from './advice.ts';
import { describeArchitecture, estimateMemory, type LayerInfo } from './architecture.ts';
import { CheckField, NumberField, SelectField } from './fields.tsx';
import { LayerCard, ShapeArrow } from './LayerCard.tsx';
import { presetsFor } from './presets.ts';
import { RecurrentFields } from './RecurrentFields.tsx';

function setModel(change: Partial<ModelSpec>): void {
  const { spec } = studioStore.getState();
  studioStore.setModel({ ...spec.model, ...change });
}

function setData(change: Partial<RunSpec['data']>): void {
  studioStore.setSpec((s) => ({ ...s, data: { ...s.data, ...change } }));
}

function LayerFields({ layer, spec }: { layer: LayerInfo; spec: RunSpec }) {
  const { t } = useTranslation();
  const m = spec.model;
  switch (layer.kind) {
    case 'embedding':
      return (
        <>
          <NumberField
            label={t('model.fields.embeddingDim')}
            value={m.embeddingDim ?? 64}
            min={1}
            max={4096}
            testId="embedding-dim"
            onChange={(embeddingDim) => setModel({ embeddingDim })}
          />
          {/* NOTE: a tagging file (CoNLL) is already split into tokens: no tokenizer to pick. */}
          {spec.task !== 'tag' && (
            <SelectField
              label={t('model.fields.tokenizer')}
              value={spec.data.tokenizer ?? 'char'}
              options={(['char', 'word', 'bpe'] as const).map((v) => ({
                value: v,
                label: t(`model.tokenizers.${v}`),
              }))}
              testId="tokenizer"
              onChange={(tokenizer) => setData({ tokenizer })}
            />
          )}
        </>
      );
    case 'encoder':
      return (
        <RecurrentFields
          spec={m.recurrent}
          inputSize={Number(layer.inputs[0]?.dims.at(-1))}
          testId="encoder"
          allowBidirectional
          onChange={(recurrent) => setModel({ recurrent })}
        />
      );
    case 'decoder':
      return (
        <>
          <RecurrentFields
            spec={m.decoder ?? m.recurrent}
            inputSize={Number(layer.inputs[0]?.dims.at(-1))}
            testId="decoder"
            allowBidirectional={false}
            onChange={(decoder) => setModel({ decoder })}
          />
          <SelectField
            label={t('model.fields.attention')}
            value={m.attention ?? 'none'}
            testId="attention"
            options={(['none', 'luong', 'bahdanau'] as const).map((v) => ({
              value: v,
              label: t(`model.attention.${v}`),
            }))}
            onChange={(attention) => setModel({ attention })}
          />
        </>
      );
    case 'pooling':
      return spec.task === 'classify' ? (
        <SelectField
          label={t('model.fields.pooling')}
          value={m.pooling ?? 'last'}
          options={(['last', 'mean', 'max'] as const).map((v) => ({
            value: v,
            label: t(`model.pooling.${v}`),
          }))}
          onChange={(pooling) => setModel({ pooling })}
        />
      ) : (
        <p className="panel__hint">{t('model.pooling.forecast')}</p>
      );
    case 'dropout':
      return (
        <NumberField
          label={t('model.fields.dropoutP')}
          value={m.headDropout ?? 0}
          min={0.05}
          max={0.95}
          step={0.05}
          onChange={(headDropout) => setModel({ headDropout })}
        />
      );
    case 'head':
      return spec.task === 'forecast' ? (
        <>
          <NumberField
            label={t('model.fields.window')}
            value={spec.data.window ?? 30}
            min={1}
            max={10000}
            onChange={(window) => setData({ window })}
          />
          <NumberField
            label={t('model.fields.horizon')}
            value={spec.data.horizon ?? 1}
            min={1}
            max={1000}
            onChange={(horizon) => setData({ horizon })}
          />
          <CheckField
            label={t('model.fields.predictChanges')}
            checked={spec.data.predictChanges ?? false}
            onChange={(predictChanges) => setData({ predictChanges })}
          />
        </>
      ) : undefined;
    default:
      return undefined;
  }
}

export function ModelSection({ step }: { step: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const spec = useStudio((s) => s.spec);
  const dataset = useStudio((s) => s.dataset);
  const batchFirst = useStudio((s) => s.batchFirst);
  const dims = useMemo(
    () => (dataset === null ? {} : datasetDims(spec, dataset.preview, dataset.inspection)),
    [spec, dataset],
  );
  const model = describeArchitecture(spec, dims, { batchFirst });
  const advice = adviseModel(spec);
  const length = spec.task === 'forecast' ? (spec.data.window ?? 30) : (spec.data.maxLength ?? 100);
  const memory = estimateMemory(spec, model, { batch: spec.train.batchSize, length });
  const presets = presetsFor(spec.task);
  const hasDropout = (spec.model.headDropout ?? 0) > 0;
  const headIndex = model.layers.findIndex((l) => l.kind === 'head');

  return (
    <SectionLayout
      step={step}
      title={t('sections.model.title')}
      summary={t('sections.model.summary')}
    >
      <div className="stack">
        {dataset === null && (
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
                {formatCount(model.paramCount, lng)}
              </span>
            </div>
            <div>
              <span className="model-summary__label">{t('model.summary.weights')}</span>
              <span className="model-summary__value">{formatBytes(memory.weights, lng)}</span>
            </div>
            <div>
              <span className="model-summary__label">{t('model.summary.training')}</span>
              <span className="model-summary__value" data-testid="training-memory">
                {formatBytes(memory.optimizer + memory.activations, lng)}
              </span>
            </div>
          </div>
          <p className="panel__hint">
            {t('model.summary.memoryNote', { batch: spec.train.batchSize, length })}
          </p>
          <div className="model-summary__controls">
            <SelectField
              label={t('model.presets.label')}
              value={
                presets.find((p) => JSON.stringify(p.model) === JSON.stringify(spec.model))?.id ??
                'custom'
              }
              testId="preset"
              options={[
                ...presets.map((p) => ({
                  value: p.id,
                  label: t(`model.presets.${p.id as 'default'}`),
                })),
                { value: 'custom', label: t('model.presets.custom') },
              ]}
              onChange={(id) => {
                const p = presets.find((x) => x.id === id);
                if (p !== undefined)
                  studioStore.setSpec((s) => ({
                    ...s,
                    model: structuredClone(p.model),
                    data: { ...s.data, ...p.data, ...columnsOf(s.data) },
                    train: { ...s.train, ...p.train },
                  }));
              }}
            />
            <CheckField
              label={t('model.batchFirst')}
              checked={batchFirst}
              testId="batch-first"
              onChange={(v) => studioStore.setBatchFirst(v)}
            />
          </div>
          <p className="panel__hint">{t('model.legend')}</p>
        </section>

        <div className="layer-flow" data-testid="layer-flow">
          <ShapeArrow shape={model.layers[0]?.inputs[0] ?? { name: 'input', dims: [] }} />
          {model.layers.map((layer, i) => (
            <div key={layer.kind} className="layer-flow__item">
              {i === headIndex && !hasDropout && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => setModel({ headDropout: 0.2 })}
                >
                  <Icon name="plus" size={15} />
                  {t('model.addDropout')}
                </button>
              )}
              <LayerCard
                title={t(`model.layers.${layer.kind}`)}
                layer={layer}
                testId={`layer-${layer.kind}`}
                advice={advice.filter((a) =>
                  a.where === 'head' ? layer.kind === 'pooling' : a.where === layer.kind,
                )}
                actions={
                  layer.kind === 'dropout' ? (
                    <button
                      type="button"
                      className="button button--icon"
                      aria-label={t('model.removeDropout')}
                      title={t('model.removeDropout')}
                      onClick={() => setModel({ headDropout: 0 })}
                    >
                      <Icon name="minus" size={15} />
                    </button>
                  ) : undefined
                }
              >
                <LayerFields layer={layer} spec={spec} />
              </LayerCard>
              <ShapeArrow shape={layer.outputs[0] ?? { name: 'output', dims: [] }} />
            </div>
          ))}
        </div>
      </div>
    </SectionLayout>
  );
}

/** The column choices of `data`, which a preset must not overwrite. */
function columnsOf(data: RunSpec['data']): Partial<RunSpec['data']> {
  const {
    textColumn,
    labelColumn,
    targetColumn,
    featureColumns,
    dateColumn,
    sourceColumn,
    tagField,
  } = data;
  return Object.fromEntries(
    Object.entries({
      textColumn,
      labelColumn,
      targetColumn,
      featureColumns,
      dateColumn,
      sourceColumn,
      tagField,
    }).filter(([, v]) => v !== undefined),
  );
}
