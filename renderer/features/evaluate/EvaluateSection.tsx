/** The Evaluate (metrics) section before it has content: an empty state saying what it will offer. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';

export function EvaluateSection({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <SectionLayout
      step={step}
      title={t('sections.evaluate.title')}
      summary={t('sections.evaluate.summary')}
    >
      <EmptyState
        icon="gauge"
        title={t('sections.evaluate.emptyTitle')}
        body={t('sections.evaluate.emptyBody')}
        pointsLabel={t('emptyState.pointsLabel')}
        points={[
          t('sections.evaluate.point1'),
          t('sections.evaluate.point2'),
          t('sections.evaluate.point3'),
        ]}
      />
    </SectionLayout>
  );
}
