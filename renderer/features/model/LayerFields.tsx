/** The settings on each layer card of the model builder: embedding, tokenizer and vocabulary, character encoder, recurrent stacks, attention, pooling, dropout and the forecast head. */
import { useTranslation } from 'react-i18next';
import { requestedTargetMode } from '../../../core/tasks/forecast/targetMode.ts';
import {
  DEFAULT_ATTENTION,
  DEFAULT_EMBEDDING_DIMS,
  DEFAULT_TOKENIZERS,
  type ModelSpec,
  type RunSpec,
  seq2seqDecoder,
} from '../../../core/tasks/spec.ts';
import type { LayerDescription } from '../../../core/tasks/task.ts';
import { studioStore } from '../../app/store.ts';
import { ImageEncoderFields } from './caption/ImageEncoderFields.tsx';
import { NumberField, SelectField } from './fields.tsx';
import { KnownFutureFields } from './KnownFutureFields.tsx';
import { RecurrentFields } from './RecurrentFields.tsx';
import { TargetModeChoice } from './TargetModeChoice.tsx';
import { isVocabularyTask, VocabularyFields } from './VocabularyFields.tsx';

/** Changes part of the model spec. */
export function setModel(change: Partial<ModelSpec>): void {
  const { spec } = studioStore.getState();
  studioStore.setModel({ ...spec.model, ...change });
}

export function setData(change: Partial<RunSpec['data']>): void {
  studioStore.setSpec((s) => ({ ...s, data: { ...s.data, ...change } }));
}

/** The embedding's width (fixed by word vectors when the model has them). */
function EmbeddingDimField({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const m = spec.model;
  return (
    <NumberField
      label={t('model.fields.embeddingDim')}
      value={m.embeddingDim ?? (spec.task === 'forecast' ? 0 : DEFAULT_EMBEDDING_DIMS[spec.task])}
      min={1}
      max={4096}
      disabled={m.wordVectors !== undefined}
      testId="embedding-dim"
      onChange={(embeddingDim) => setModel({ embeddingDim })}
    />
  );
}

export function LayerFields({ layer, spec }: { layer: LayerDescription; spec: RunSpec }) {
  const { t } = useTranslation();
  const m = spec.model;
  switch (layer.kind) {
    case 'embedding':
      return (
        <>
          <EmbeddingDimField spec={spec} />
          {m.wordVectors !== undefined && (
            <p className="panel__hint">
              {t('model.fields.embeddingFollowsVectors', { dim: m.embeddingDim })}
            </p>
          )}
          {/* NOTE: a tagging file (CoNLL) is already split into tokens: no tokenizer to pick. */}
          {spec.task !== 'tag' && spec.task !== 'forecast' && (
            <SelectField
              label={t('model.fields.tokenizer')}
              value={spec.data.tokenizer ?? DEFAULT_TOKENIZERS[spec.task]}
              options={(['char', 'word', 'bpe'] as const).map((v) => ({
                value: v,
                label: t(`model.tokenizers.${v}`),
              }))}
              testId="tokenizer"
              onChange={(tokenizer) => setData({ tokenizer })}
            />
          )}
          {isVocabularyTask(spec.task) && <VocabularyFields spec={spec} task={spec.task} />}
          {/* NOTE: tag only (core/tasks/tag/model.ts): dropout on word embedding ‖ character features. */}
          {spec.task === 'tag' && (
            <NumberField
              label={t('model.fields.inputDropout')}
              value={m.inputDropout ?? 0}
              min={0}
              max={0.95}
              step={0.05}
              testId="input-dropout"
              onChange={(inputDropout) => setModel({ inputDropout })}
            />
          )}
          {/* NOTE: core/tasks/seq2seq/data.ts fitSideTokenizer reads a mostly-Korean side as characters. */}
          {/* NOTE: core/tasks/seq2seq/transfer.ts: a language model brings the source side's tokenizer. */}
          {spec.task === 'seq2seq' && (
            <p className="panel__hint layer-card__explain" data-testid="korean-side-hint">
              {t(
                spec.train.initFrom === undefined
                  ? 'model.koreanSideHint'
                  : 'model.languageModelSideHint',
              )}
            </p>
          )}
        </>
      );
    case 'char-encoder': {
      const c = m.charEncoder ?? { embeddingDim: 25, hiddenSize: 25 };
      return (
        <>
          <p className="panel__hint layer-card__explain">{t('model.charEncoder.explain')}</p>
          <NumberField
            label={t('model.charEncoder.embeddingDim')}
            value={c.embeddingDim}
            min={1}
            max={512}
            testId="char-embedding-dim"
            onChange={(embeddingDim) => setModel({ charEncoder: { ...c, embeddingDim } })}
          />
          <NumberField
            label={t('model.charEncoder.hiddenSize')}
            value={c.hiddenSize}
            min={1}
            max={1024}
            testId="char-hidden"
            onChange={(hiddenSize) => setModel({ charEncoder: { ...c, hiddenSize } })}
          />
        </>
      );
    }
    case 'encoder':
      return (
        <>
          {spec.task === 'generate' && <DirectionField spec={spec} />}
          <RecurrentFields
            spec={m.recurrent}
            inputSize={Number(layer.inputs[0]?.dims.at(-1))}
            testId="encoder"
            allowBidirectional
            onChange={(recurrent) => setModel({ recurrent })}
          />
        </>
      );
    case 'decoder-embedding':
      // NOTE: seq2seq's target side follows the source embedding card's settings.
      return spec.task === 'caption' ? (
        <>
          <EmbeddingDimField spec={spec} />
          <VocabularyFields spec={spec} task="caption" />
        </>
      ) : undefined;
    case 'image-encoder':
      return <ImageEncoderFields spec={spec} />;
    case 'decoder':
      return (
        <>
          {/* NOTE: the captioner's decoder is `model.recurrent` (core/tasks/caption/describe.ts); seq2seq's is `model.decoder`. */}
          <RecurrentFields
            spec={spec.task === 'caption' ? m.recurrent : seq2seqDecoder(m)}
            inputSize={Number(layer.inputs[0]?.dims.at(-1))}
            testId="decoder"
            allowBidirectional={false}
            onChange={(decoder) =>
              setModel(spec.task === 'caption' ? { recurrent: decoder } : { decoder })
            }
          />
          <SelectField
            label={t('model.fields.attention')}
            value={m.attention ?? DEFAULT_ATTENTION}
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
          <SelectField
            label={t('model.fields.targetMode')}
            value={requestedTargetMode(spec.data)}
            options={(['auto', 'level', 'change', 'window-norm'] as const).map((v) => ({
              value: v,
              label: t(`model.targetModes.${v}`),
            }))}
            testId="target-mode"
            onChange={(targetMode) => setData({ targetMode })}
          />
          <TargetModeChoice />
          <KnownFutureFields spec={spec} />
        </>
      ) : undefined;
    default:
      return undefined;
  }
}

/** generate: which way the language model reads its text (`model.direction`); a backward one is read beside a forward one by a classifier or tagger. */
function DirectionField({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const direction = spec.model.direction ?? 'forward';
  return (
    <>
      <SelectField
        label={t('model.fields.direction')}
        value={direction}
        options={(['forward', 'backward'] as const).map((v) => ({
          value: v,
          label: t(`model.directions.${v}`),
        }))}
        testId="direction"
        onChange={(v) => {
          // NOTE: forward is the default; the spec leaves it out, as a CLI-written spec does.
          const { direction: _d, ...model } = studioStore.getState().spec.model;
          studioStore.setModel(v === 'backward' ? { ...model, direction: v } : model);
        }}
      />
      {direction === 'backward' && (
        <p className="panel__hint layer-card__explain" data-testid="direction-hint">
          {t('model.directions.backwardHint')}
        </p>
      )}
    </>
  );
}
