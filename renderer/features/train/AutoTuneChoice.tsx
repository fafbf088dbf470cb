/** The Train section's "Auto" choice: search the settings within a time budget instead of training the spec as set. */
import { useTranslation } from 'react-i18next';
import type { AutoTuneRequest } from '../../../core/protocol/messages.ts';
import { CheckField, NumberField } from '../model/fields.tsx';

/** The choice as the section holds it: off, or the budget and number of settings to try. */
export interface AutoTuneSetting {
  enabled: boolean;
  maxMinutes: number;
  trials: number;
}

export const DEFAULT_AUTO_TUNE: AutoTuneSetting = { enabled: false, maxMinutes: 5, trials: 8 };

/** The start request's `auto`, or undefined when the choice is off. */
export function autoTuneRequest(setting: AutoTuneSetting): AutoTuneRequest | undefined {
  return setting.enabled ? { maxMinutes: setting.maxMinutes, trials: setting.trials } : undefined;
}

export function AutoTuneChoice(props: {
  value: AutoTuneSetting;
  disabled: boolean;
  onChange: (value: AutoTuneSetting) => void;
}) {
  const { t } = useTranslation();
  const { value, onChange } = props;
  return (
    <fieldset className="panel auto-tune" disabled={props.disabled} data-testid="auto-tune">
      <legend className="panel__title">{t('train.auto.title')}</legend>
      <CheckField
        label={t('train.auto.enable')}
        checked={value.enabled}
        testId="auto-tune-enable"
        onChange={(enabled) => onChange({ ...value, enabled })}
      />
      {value.enabled && (
        <div className="train-settings__grid">
          <NumberField
            label={t('train.auto.maxMinutes')}
            value={value.maxMinutes}
            min={0.1}
            max={24 * 60}
            step={0.5}
            testId="auto-tune-minutes"
            onChange={(maxMinutes) => onChange({ ...value, maxMinutes })}
          />
          <NumberField
            label={t('train.auto.trials')}
            value={value.trials}
            min={2}
            max={64}
            testId="auto-tune-trials"
            onChange={(trials) => onChange({ ...value, trials })}
          />
        </div>
      )}
      <p className="panel__hint">{t('train.auto.hint')}</p>
    </fieldset>
  );
}
