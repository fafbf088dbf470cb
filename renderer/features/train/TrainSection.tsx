/** The Train (training progress) section before it has content: an empty state saying what it will offer. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';

export function TrainSection({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <SectionLayout
      step={step}
      title={t('sections.train.title')}
      summary={t('sections.train.summary')}
    >
      <EmptyState
        icon="pulse"
        title={t('sections.train.emptyTitle')}
        body={t('sections.train.emptyBody')}
        pointsLabel={t('emptyState.pointsLabel')}
        points={[
          t('sections.train.point1'),
          t('sections.train.point2'),
          t('sections.train.point3'),
        ]}
      />
    </SectionLayout>
  );
}
