/** Under a caption run's metrics: what BLEU-1…4 and the nearest-neighbour baseline measure, and whether the run is the zero-image ablation. */
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';

export function CaptionMetricsNote({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="panel__hint" data-testid="caption-metrics-note">
        {t('evaluate.caption.bleuNote')}
      </p>
      {spec.model.image?.zeroImage === true && (
        <p className="panel__hint" data-testid="caption-zero-image">
          {t('evaluate.caption.zeroImage')}
        </p>
      )}
    </>
  );
}
