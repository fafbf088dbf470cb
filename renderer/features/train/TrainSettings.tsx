/** The training settings of the RunSpec (epochs, batch size, learning rate, optimizer, early stopping, time limit). */
import { useTranslation } from 'react-i18next';
import type { TrainSpec } from '../../../core/tasks/spec.ts';
import { studioStore, useStudio } from '../../app/store.ts';
import { NumberField, SelectField } from '../model/fields.tsx';

function setTrain(change: Partial<TrainSpec>): void {
  studioStore.setSpec((s) => ({ ...s, train: { ...s.train, ...change } }));
}

export function TrainSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const train = useStudio((s) => s.spec.train);
  return (
    <fieldset className="panel train-settings" disabled={disabled}>
      <legend className="panel__title">{t('train.settings.title')}</legend>
      <div className="train-settings__grid">
        <NumberField
          label={t('train.settings.epochs')}
          value={train.epochs}
          min={1}
          max={100_000}
          testId="train-epochs"
          onChange={(epochs) => setTrain({ epochs })}
        />
        <NumberField
          label={t('train.settings.batchSize')}
          value={train.batchSize}
          min={1}
          max={65_536}
          testId="train-batch-size"
          onChange={(batchSize) => setTrain({ batchSize })}
        />
        <NumberField
          label={t('train.settings.lr')}
          value={train.lr}
          min={1e-6}
          max={10}
          step={0.0001}
          testId="train-lr"
          onChange={(lr) => setTrain({ lr })}
        />
        <SelectField
          label={t('train.settings.optimizer')}
          value={train.optimizer}
          options={(['adam', 'adamw', 'sgd'] as const).map((v) => ({
            value: v,
            label: { adam: 'Adam', adamw: 'AdamW', sgd: 'SGD' }[v],
          }))}
          testId="train-optimizer"
          onChange={(optimizer) => setTrain({ optimizer })}
        />
        <SelectField
          label={t('train.settings.schedule')}
          value={train.schedule}
          options={(['constant', 'step', 'cosine', 'plateau'] as const).map((v) => ({
            value: v,
            label: t(`train.schedules.${v}`),
          }))}
          onChange={(schedule) => setTrain({ schedule })}
        />
        <NumberField
          label={t('train.settings.clipNorm')}
          value={train.clipNorm}
          min={0}
          max={1000}
          step={0.1}
          testId="train-clip-norm"
          onChange={(clipNorm) => setTrain({ clipNorm })}
        />
        <NumberField
          label={t('train.settings.patience')}
          value={train.earlyStoppingPatience}
          min={0}
          max={1000}
          testId="train-patience"
          onChange={(earlyStoppingPatience) => setTrain({ earlyStoppingPatience })}
        />
        <NumberField
          label={t('train.settings.maxMinutes')}
          value={train.maxMinutes}
          min={0}
          max={100_000}
          step={0.5}
          testId="train-max-minutes"
          onChange={(maxMinutes) => setTrain({ maxMinutes })}
        />
      </div>
      <p className="panel__hint">{t('train.settings.hint')}</p>
    </fieldset>
  );
}
