/** The Try (predictions and export) section before it has content: an empty state saying what it will offer. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';

export function TrySection({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <SectionLayout step={step} title={t('sections.try.title')} summary={t('sections.try.summary')}>
      <EmptyState
        icon="play"
        title={t('sections.try.emptyTitle')}
        body={t('sections.try.emptyBody')}
        pointsLabel={t('emptyState.pointsLabel')}
        points={[t('sections.try.point1'), t('sections.try.point2'), t('sections.try.point3')]}
      />
    </SectionLayout>
  );
}
