/** Under the target-mode field: what 'auto' does, and the mode the selected run chose with its evidence. */
import { useTranslation } from 'react-i18next';
import { useSelectedRun } from '../../app/runs.ts';
import { TargetModeLine } from '../../components/TargetModeLine.tsx';

export function TargetModeChoice() {
  const { t } = useTranslation();
  const outcome = useSelectedRun()?.finished?.forecast;
  return (
    <div className="field-hint" data-testid="target-mode-choice">
      <p className="panel__hint">{t('model.targetModeHint')}</p>
      {outcome !== undefined && <TargetModeLine outcome={outcome} />}
    </div>
  );
}
