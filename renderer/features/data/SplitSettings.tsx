/** Split settings: validation and test fractions, the seed, stratified (classify) or chronological (forecast). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { type SplitOptions, studioStore } from '../../app/store.ts';
import { formatCount, formatPercent } from '../../components/format.ts';
import { NumberField } from '../model/fields.tsx';

function Fraction({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field__row">
        <input
          id={id}
          type="range"
          min={0}
          max={50}
          step={1}
          value={Math.round(value * 100)}
          onChange={(e) => onChange(Number(e.currentTarget.value) / 100)}
        />
        <output htmlFor={id} className="field__value">
          {Math.round(value * 100)} %
        </output>
      </div>
    </div>
  );
}

export function SplitSettings({
  spec,
  split,
  rows,
}: {
  spec: RunSpec;
  split: SplitOptions;
  rows: number;
}) {
  const { t, i18n } = useTranslation();
  const { valSplit, testSplit, seed } = spec.train;
  const setTrain = (change: Partial<RunSpec['train']>): void =>
    studioStore.setSpec((s) => ({ ...s, train: { ...s.train, ...change } }));
  const val = Math.round(rows * valSplit);
  const test = Math.round(rows * testSplit);
  const train = Math.max(0, rows - val - test);
  const lng = i18n.language;
  return (
    <section className="panel" aria-labelledby="split-heading">
      <h2 className="panel__title" id="split-heading">
        {t('data.split.title')}
      </h2>
      <div className="split-bar" aria-hidden="true">
        <span className="split-bar__train" style={{ flexGrow: train }} />
        <span className="split-bar__val" style={{ flexGrow: val }} />
        <span className="split-bar__test" style={{ flexGrow: test }} />
      </div>
      <p className="panel__hint" data-testid="split-counts">
        {t('data.split.counts', {
          train: formatCount(train, lng),
          val: formatCount(val, lng),
          test: formatCount(test, lng),
          trainShare: formatPercent(1 - valSplit - testSplit, lng),
        })}
      </p>
      <div className="split-fields">
        <Fraction
          label={t('data.split.val')}
          value={valSplit}
          onChange={(v) => setTrain({ valSplit: v })}
        />
        <Fraction
          label={t('data.split.test')}
          value={testSplit}
          onChange={(v) => setTrain({ testSplit: v })}
        />
        <NumberField
          label={t('data.split.seed')}
          value={seed}
          min={0}
          max={Number.MAX_SAFE_INTEGER}
          onChange={(v) => setTrain({ seed: v })}
        />
      </div>
      {spec.task === 'classify' && (
        <label className="check">
          <input
            type="checkbox"
            checked={split.stratified}
            onChange={(e) =>
              studioStore.setSplit({ ...split, stratified: e.currentTarget.checked })
            }
          />
          {t('data.split.stratified')}
        </label>
      )}
      {spec.task === 'forecast' && <p className="panel__hint">{t('data.split.chronological')}</p>}
    </section>
  );
}
