/** The project bar at the top of the navigation (desktop app only): the project's name, whether it is saved, and the Project menu (New, Open…, Save, Save As…, recent projects). */
import './project.css';
import { useTranslation } from 'react-i18next';
import { MenuButton, type MenuEntry } from '../components/MenuButton.tsx';
import { Notice } from '../components/Notice.tsx';
import { useProjectState, useProjectStore } from './appProject.ts';
import type { ProjectState } from './project.ts';

/** What the badge says: never saved to a file, changes not yet written, or saved. */
export function saveState(view: NonNullable<ProjectState['view']>): 'unsaved' | 'dirty' | 'saved' {
  if (view.path === null) return 'unsaved';
  return view.dirty ? 'dirty' : 'saved';
}

export function ProjectBar() {
  const { t } = useTranslation();
  const store = useProjectStore();
  const state = useProjectState();
  // NOTE: web mode has no desktop API, so no projects: the bar is not drawn at all.
  if (store === null || state === null || state.view === null) return null;
  const { view, recent, error } = state;
  const name = view.project.name === 'Untitled' ? t('project.untitled') : view.project.name;
  const saved = saveState(view);
  const entries: MenuEntry[] = [
    {
      kind: 'item',
      id: 'new',
      label: t('project.menu.new'),
      onSelect: () => void store.newProject(),
    },
    { kind: 'item', id: 'open', label: t('project.menu.open'), onSelect: () => void store.open() },
    { kind: 'item', id: 'save', label: t('project.menu.save'), onSelect: () => void store.save() },
    {
      kind: 'item',
      id: 'save-as',
      label: t('project.menu.saveAs'),
      onSelect: () => void store.saveAs(),
    },
    { kind: 'heading', id: 'recent-heading', label: t('project.menu.recent') },
    ...(recent.length === 0
      ? [
          {
            kind: 'item' as const,
            id: 'recent-none',
            label: t('project.menu.noRecent'),
            disabled: true,
            onSelect: () => undefined,
          },
        ]
      : recent.map((r, i) => ({
          kind: 'item' as const,
          id: `recent-${i}`,
          label: r.name,
          detail: r.path,
          onSelect: () => void store.openRecent(r.path),
        }))),
  ];
  return (
    <section className="project-bar" aria-label={t('project.label')} data-testid="project-bar">
      <MenuButton label={t('project.menu.label', { name })} entries={entries} testId="project-menu">
        <span className="project-bar__text">
          <span className="project-bar__kicker">{t('project.label')}</span>
          <span className="project-bar__name" data-testid="project-name">
            {name}
          </span>
        </span>
        <span className="project-bar__chevron" aria-hidden="true">
          ▾
        </span>
      </MenuButton>
      <span className="project-bar__state" data-state={saved} data-testid="project-state">
        {t(`project.state.${saved}`)}
      </span>
      {error !== null && error.acceptChangedFor === undefined && (
        <Notice
          tone="error"
          title={t('project.error')}
          testId="project-error"
          actions={
            <button
              type="button"
              className="button button--quiet"
              onClick={() => store.dismissError()}
            >
              {t('project.dismiss')}
            </button>
          }
        >
          <p>{error.message}</p>
        </Notice>
      )}
    </section>
  );
}
