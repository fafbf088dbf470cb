/** The preset picker of the model builder: the task's default (named as such, with what it is), the named alternatives, and Custom once a field was changed. */
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { columnsOf } from '../../app/runSpec.ts';
import { studioStore } from '../../app/store.ts';
import { SelectField } from './fields.tsx';
import {
  type PresetSummaryParts,
  presetSummaryParts,
  presetsFor,
  type TaskPreset,
} from './presets.ts';

function apply(preset: TaskPreset): void {
  studioStore.setSpec((s) => ({
    ...s,
    model: structuredClone(preset.model),
    data: { ...s.data, ...preset.data, ...columnsOf(s.data) },
    train: { ...s.train, ...preset.train },
  }));
}

export function ModelPresets({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const presets = presetsFor(spec.task);
  const summary = (parts: PresetSummaryParts): string =>
    [
      parts.layers > 1
        ? `${t('model.presets.layers', { count: parts.layers })} ${parts.network}`
        : parts.network,
      parts.tokenizer === undefined ? undefined : t(`model.tokenizers.${parts.tokenizer}`),
      parts.attention === undefined ? undefined : t(`model.attention.${parts.attention}`),
      parts.charEncoder === undefined ? undefined : t('model.presets.chars'),
    ]
      .filter((p) => p !== undefined)
      .join(', ');
  const selected =
    presets.find((p) => JSON.stringify(p.model) === JSON.stringify(spec.model))?.id ?? 'custom';
  const taskDefault = presets[0] as TaskPreset;
  const defaultSummary = summary(presetSummaryParts(taskDefault));
  const hint =
    selected === 'default'
      ? t('model.presets.hintDefault', { task: t(`tasks.${spec.task}.name`) })
      : selected === 'custom'
        ? t('model.presets.hintCustom')
        : t('model.presets.hintAlternative', { summary: defaultSummary });
  return (
    <div className="model-presets">
      <SelectField
        label={t('model.presets.label')}
        value={selected}
        testId="preset"
        options={[
          ...presets.map((p) => ({
            value: p.id,
            label:
              p.id === 'default'
                ? t('model.presets.default', { summary: defaultSummary })
                : t(`model.presets.${p.id as 'classify-bilstm'}`),
          })),
          { value: 'custom', label: t('model.presets.custom') },
        ]}
        onChange={(id) => {
          const p = presets.find((x) => x.id === id);
          if (p !== undefined) apply(p);
        }}
      />
      <p className="panel__hint" data-testid="preset-hint">
        {hint}
      </p>
    </div>
  );
}
