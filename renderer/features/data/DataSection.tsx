/** The Data (dataset import) section before it has content: an empty state saying what it will offer. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';

export function DataSection({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <SectionLayout
      step={step}
      title={t('sections.data.title')}
      summary={t('sections.data.summary')}
    >
      <EmptyState
        icon="table"
        title={t('sections.data.emptyTitle')}
        body={t('sections.data.emptyBody')}
        pointsLabel={t('emptyState.pointsLabel')}
        points={[t('sections.data.point1'), t('sections.data.point2'), t('sections.data.point3')]}
      />
    </SectionLayout>
  );
}
