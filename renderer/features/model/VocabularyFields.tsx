/** The text tasks' vocabulary and length settings on the embedding card: tokens seen fewer times than a threshold dropped, the vocabulary's size capped, BPE's merges, and the length texts are cut to (the CLI's --min-freq, --max-vocab, --bpe-merges and --max-length). */
import { useTranslation } from 'react-i18next';
import { CAPTION_MIN_FREQ } from '../../../core/data/captions/captionSplits.ts';
import { DEFAULT_MAX_LENGTH as CAPTION_MAX_LENGTH } from '../../../core/tasks/caption/describe.ts';
import { DEFAULT_MAX_LENGTH as CLASSIFY_MAX_LENGTH } from '../../../core/tasks/classify/model.ts';
import { DEFAULT_BPE_MERGES } from '../../../core/tasks/common/text.ts';
import { DEFAULT_MAX_LENGTH as GENERATE_MAX_LENGTH } from '../../../core/tasks/generate/describe.ts';
import { DEFAULT_MAX_LENGTH as SEQ2SEQ_MAX_LENGTH } from '../../../core/tasks/seq2seq/describe.ts';
import { DEFAULT_TOKENIZERS, type RunSpec } from '../../../core/tasks/spec.ts';
import { DEFAULT_MAX_LENGTH as TAG_MAX_LENGTH } from '../../../core/tasks/tag/index.ts';
import { studioStore } from '../../app/store.ts';
import { NumberField } from './fields.tsx';
import { setData } from './LayerFields.tsx';

/** The tasks whose embedding card (caption: the decoder's) carries these fields. */
export type VocabularyTask = 'classify' | 'tag' | 'seq2seq' | 'generate' | 'caption';

/** What each task cuts its texts to when the spec gives no maxLength (the task modules' defaults). */
const MAX_LENGTHS: Record<VocabularyTask, number> = {
  classify: CLASSIFY_MAX_LENGTH,
  tag: TAG_MAX_LENGTH,
  seq2seq: SEQ2SEQ_MAX_LENGTH,
  generate: GENERATE_MAX_LENGTH,
  caption: CAPTION_MAX_LENGTH,
};

export function isVocabularyTask(task: RunSpec['task']): task is VocabularyTask {
  return task in MAX_LENGTHS;
}

/** An emptied Max. vocabulary field: no limit (the spec leaves maxVocab out). */
function clearMaxVocab(): void {
  studioStore.setSpec((s) => {
    const { maxVocab: _, ...data } = s.data;
    return { ...s, data };
  });
}

/** The vocabulary settings a text model is fitted with. */
export interface VocabularySettings {
  minFreq: number;
  /** Left out: no limit. */
  maxVocab?: number;
  bpeMerges: number;
}

/** Min. token count, Max. vocabulary (emptied: no limit) and, with BPE, its merges. */
export function VocabularyInputs(props: {
  value: VocabularySettings;
  /** Shows BPE merges. */
  bpe: boolean;
  disabled: boolean;
  testIds: Record<keyof VocabularySettings, string>;
  onChange: (change: Partial<VocabularySettings>) => void;
  onClearMaxVocab: () => void;
}) {
  const { t } = useTranslation();
  const { value, disabled, testIds, onChange } = props;
  return (
    <>
      <NumberField
        label={t('model.vocabulary.minFreq')}
        value={value.minFreq}
        min={1}
        max={1_000_000}
        disabled={disabled}
        testId={testIds.minFreq}
        onChange={(minFreq) => onChange({ minFreq })}
      />
      <NumberField
        label={t('model.vocabulary.maxVocab')}
        value={value.maxVocab}
        placeholder={t('model.vocabulary.noLimit')}
        min={10}
        max={10_000_000}
        disabled={disabled}
        testId={testIds.maxVocab}
        onChange={(maxVocab) => onChange({ maxVocab })}
        onClear={props.onClearMaxVocab}
      />
      {props.bpe && (
        <NumberField
          label={t('model.vocabulary.bpeMerges')}
          value={value.bpeMerges}
          min={1}
          max={1_000_000}
          disabled={disabled}
          testId={testIds.bpeMerges}
          onChange={(bpeMerges) => onChange({ bpeMerges })}
        />
      )}
    </>
  );
}

export function VocabularyFields({ spec, task }: { spec: RunSpec; task: VocabularyTask }) {
  const { t } = useTranslation();
  const d = spec.data;
  // NOTE: core/tasks/common/transfer.ts: a model started from a language model keeps its
  // vocabulary; seq2seq's source side does, its target side is still fitted with these settings.
  const kept = spec.train.initFrom !== undefined && task !== 'seq2seq';
  // NOTE: a tagging file is already split into words; captions are read as words (no BPE).
  const tokenizer =
    task === 'tag' || task === 'caption' ? 'word' : (d.tokenizer ?? DEFAULT_TOKENIZERS[task]);
  return (
    <>
      <VocabularyInputs
        value={{
          minFreq: d.minFreq ?? (task === 'caption' ? CAPTION_MIN_FREQ : 1),
          ...(d.maxVocab === undefined ? {} : { maxVocab: d.maxVocab }),
          bpeMerges: d.bpeMerges ?? DEFAULT_BPE_MERGES,
        }}
        bpe={tokenizer === 'bpe'}
        disabled={kept}
        testIds={{ minFreq: 'min-freq', maxVocab: 'max-vocab', bpeMerges: 'bpe-merges' }}
        onChange={setData}
        onClearMaxVocab={clearMaxVocab}
      />
      <NumberField
        label={t(
          task === 'generate' ? 'model.vocabulary.chunkLength' : 'model.vocabulary.maxLength',
        )}
        value={d.maxLength ?? MAX_LENGTHS[task]}
        min={1}
        max={100_000}
        testId="max-length"
        onChange={(maxLength) => setData({ maxLength })}
      />
      {kept && (
        <p className="panel__hint layer-card__explain" data-testid="vocabulary-kept">
          {t('model.vocabulary.kept')}
        </p>
      )}
    </>
  );
}
