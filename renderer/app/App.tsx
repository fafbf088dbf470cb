/** The app frame: navigation with the project bar and the five sections, the selected section, and the status bar. */
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../components/BrandMark.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { NavTabs } from '../components/NavTabs.tsx';
import { DataSection } from '../features/data/DataSection.tsx';
import { EvaluateSection } from '../features/evaluate/EvaluateSection.tsx';
import { ModelSection } from '../features/model/ModelSection.tsx';
import { TrainSection } from '../features/train/TrainSection.tsx';
import { TrySection } from '../features/try/TrySection.tsx';
import { setLanguage } from '../i18n/i18n.ts';
import { isLanguage, type Language } from '../i18n/language.ts';
import { useProjectConnection } from './appProject.ts';
import { NextStep } from './NextStep.tsx';
import { goToSection, useSection } from './navigation.ts';
import { ProjectBar } from './ProjectBar.tsx';
import { SECTION_ICONS, SECTION_IDS, type SectionId } from './sections.ts';
import { TrainerStatusBar } from './TrainerStatusBar.tsx';
import { useDesktopLanguage } from './useDesktopLanguage.ts';
import { useRunsConnection } from './useRunsConnection.ts';
import { useWriteFailureConnection } from './useWriteFailureConnection.ts';
import { WriteFailureNotice } from './WriteFailureNotice.tsx';

const SECTION_COMPONENTS: Record<SectionId, ComponentType<{ step: string }>> = {
  data: DataSection,
  model: ModelSection,
  train: TrainSection,
  evaluate: EvaluateSection,
  try: TrySection,
};

const LANGUAGE_OPTIONS = [
  { value: 'en', label: 'English', short: 'EN', lang: 'en' },
  { value: 'ko', label: '한국어', short: '한', lang: 'ko' },
] as const satisfies readonly { value: Language; label: string; short: string; lang: string }[];

const tabId = (id: SectionId) => `tab-${id}`;
const panelId = (id: SectionId) => `panel-${id}`;

export function App() {
  const { t, i18n } = useTranslation();
  const section = useSection();
  useRunsConnection();
  useProjectConnection();
  useWriteFailureConnection();
  const language: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  useDesktopLanguage(language);
  const Section = SECTION_COMPONENTS[section];
  const step = t('nav.step', {
    step: SECTION_IDS.indexOf(section) + 1,
    total: SECTION_IDS.length,
  });

  return (
    <div className="app">
      <nav className="app__nav" aria-label={t('nav.label')}>
        <BrandMark name={t('app.name')} tagline={t('app.tagline')} />
        <ProjectBar />
        <NavTabs
          label={t('nav.label')}
          tabs={SECTION_IDS.map((id) => ({
            id,
            label: t(`sections.${id}.title`),
            icon: SECTION_ICONS[id],
          }))}
          selected={section}
          onSelect={goToSection}
          tabId={tabId}
          panelId={panelId}
        />
        <div className="app__nav-footer">
          <LanguageSwitch
            label={t('language.label')}
            options={LANGUAGE_OPTIONS}
            value={language}
            onChange={(lng) => {
              setLanguage(i18n, lng).catch((err: unknown) => {
                console.error('Changing the language failed.', err);
              });
            }}
          />
        </div>
      </nav>
      <main className="app__main">
        <div
          className="app__panel"
          id={panelId(section)}
          role="tabpanel"
          aria-labelledby={tabId(section)}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the WAI-ARIA tabs pattern makes a panel without focusable content a tab stop, so keyboard users can reach and scroll it.
          tabIndex={0}
        >
          <WriteFailureNotice />
          <Section step={step} />
          <NextStep section={section} />
        </div>
      </main>
      <TrainerStatusBar />
    </div>
  );
}
