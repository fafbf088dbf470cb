/** The beam-size control of the seq2seq demos (1 = greedy decoding). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function BeamField({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field try-beam">
      <label htmlFor={id}>{t('try.beam.label')}</label>
      <select
        id={id}
        className="select"
        value={value}
        data-testid="try-beam"
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      >
        {[1, 2, 3, 4, 5, 8].map((k) => (
          <option key={k} value={k}>
            {k === 1 ? t('try.beam.greedy') : t('try.beam.size', { k })}
          </option>
        ))}
      </select>
    </div>
  );
}
