/** The "Next" button under a section that leads on through the workflow (Data → Model → Train → Evaluate → Try). */
import './nextStep.css';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { goToSection } from './navigation.ts';
import { useSelectedRun } from './runs.ts';
import { SECTION_IDS, type SectionId } from './sections.ts';
import { useStudio } from './store.ts';

export function NextStep({ section }: { section: SectionId }) {
  const { t } = useTranslation();
  const hasData = useStudio((s) => s.dataset !== null || s.captions !== null);
  const run = useSelectedRun();
  const next = SECTION_IDS[SECTION_IDS.indexOf(section) + 1];
  if (next === undefined) return null;
  const ready =
    section === 'data' || section === 'model' ? hasData : run !== null && run.finished !== null;
  if (!ready) return null;
  return (
    <div className="next-step">
      <button
        type="button"
        className="button button--primary"
        data-testid={`next-${next}`}
        onClick={() => goToSection(next)}
      >
        {t('nav.next', { section: t(`sections.${next}.title`) })}
        <Icon name="arrowRight" size={15} />
      </button>
    </div>
  );
}
