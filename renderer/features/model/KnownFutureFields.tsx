/** Forecast: mark feature columns as known in advance (a calendar, a published forecast), so their values at the forecast steps are fed to the model too. */
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { CheckField } from './fields.tsx';
import { setData } from './LayerFields.tsx';

export function KnownFutureFields({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const features = spec.data.featureColumns ?? [];
  if (features.length === 0) return null;
  const known = spec.data.knownFutureColumns ?? [];
  const toggle = (column: string, on: boolean) => {
    const next = on ? [...known, column] : known.filter((c) => c !== column);
    setData({ knownFutureColumns: features.filter((f) => next.includes(f)) });
  };
  return (
    <fieldset className="known-future" data-testid="known-future">
      <legend>{t('model.knownFuture.title')}</legend>
      <p className="panel__hint">{t('model.knownFuture.hint')}</p>
      {features.map((f) => (
        <CheckField
          key={f}
          label={f}
          checked={known.includes(f)}
          onChange={(on) => toggle(f, on)}
        />
      ))}
    </fieldset>
  );
}
