/** The Model (layer configuration) section before it has content: an empty state saying what it will offer. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';

export function ModelSection({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <SectionLayout
      step={step}
      title={t('sections.model.title')}
      summary={t('sections.model.summary')}
    >
      <EmptyState
        icon="layers"
        title={t('sections.model.emptyTitle')}
        body={t('sections.model.emptyBody')}
        pointsLabel={t('emptyState.pointsLabel')}
        points={[
          t('sections.model.point1'),
          t('sections.model.point2'),
          t('sections.model.point3'),
        ]}
      />
    </SectionLayout>
  );
}
