/** The settings of a language model trained from the Model section: tokens and vocabulary, cell, sizes, epochs and time budget, each editable before it starts. */
import { useTranslation } from 'react-i18next';
import { NumberField, SelectField } from './fields.tsx';
import type { LmSettings } from './lmRunSpec.ts';
import { VocabularyInputs } from './VocabularyFields.tsx';

export function LmSettingsFields(props: {
  settings: LmSettings;
  disabled: boolean;
  onChange: (settings: LmSettings) => void;
}) {
  const { t } = useTranslation();
  const { settings, disabled } = props;
  const set = <K extends keyof LmSettings>(key: K) => {
    return (value: LmSettings[K]) => props.onChange({ ...settings, [key]: value });
  };
  const size = (key: 'hiddenSize' | 'embeddingDim', label: string, max: number) => (
    <NumberField
      label={label}
      value={settings[key]}
      min={1}
      max={max}
      disabled={disabled}
      testId={`lm-train-${key}`}
      onChange={set(key)}
    />
  );
  return (
    <div className="model-summary__controls" data-testid="lm-train-settings">
      <SelectField<LmSettings['tokenizer']>
        label={t('model.fields.tokenizer')}
        value={settings.tokenizer}
        options={(['char', 'word', 'bpe'] as const).map((v) => ({
          value: v,
          label: t(`model.tokenizers.${v}`),
        }))}
        disabled={disabled}
        testId="lm-train-tokenizer"
        onChange={set('tokenizer')}
      />
      <VocabularyInputs
        value={settings}
        bpe={settings.tokenizer === 'bpe'}
        disabled={disabled}
        testIds={{
          minFreq: 'lm-train-minFreq',
          maxVocab: 'lm-train-maxVocab',
          bpeMerges: 'lm-train-bpeMerges',
        }}
        onChange={(change) => props.onChange({ ...settings, ...change })}
        onClearMaxVocab={() => {
          const { maxVocab: _, ...rest } = settings;
          props.onChange(rest);
        }}
      />
      <SelectField<LmSettings['cell']>
        label={t('model.fields.cell')}
        value={settings.cell}
        options={(['gru', 'lstm', 'rnn'] as const).map((v) => ({
          value: v,
          label: v.toUpperCase(),
        }))}
        disabled={disabled}
        testId="lm-train-cell"
        onChange={set('cell')}
      />
      {size('hiddenSize', t('model.fields.hiddenSize'), 4096)}
      {size('embeddingDim', t('model.fields.embeddingDim'), 4096)}
      <NumberField
        label={t('model.languageModel.train.layers')}
        value={settings.numLayers}
        min={1}
        max={8}
        disabled={disabled}
        testId="lm-train-numLayers"
        onChange={set('numLayers')}
      />
      <NumberField
        label={t('model.languageModel.train.epochs')}
        value={settings.epochs}
        min={1}
        max={100_000}
        disabled={disabled}
        testId="lm-train-epochs"
        onChange={set('epochs')}
      />
      <NumberField
        label={t('model.languageModel.train.minutes')}
        value={settings.maxMinutes}
        min={0.1}
        max={10_080}
        step={0.5}
        disabled={disabled}
        testId="lm-train-minutes"
        onChange={set('maxMinutes')}
      />
    </div>
  );
}
