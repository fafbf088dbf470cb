/** The task picker (the suggestion marked) and the column-role editor for the chosen task. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnRoles, Inspection } from '../../../core/data/index.ts';
import type { TaskKind } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import {
  candidates,
  missingRoles,
  type RoleName,
  TASK_ROLES,
  tasksForFormat,
} from './taskRoles.ts';

const ALL_TASKS: readonly TaskKind[] = ['classify', 'forecast', 'tag', 'seq2seq', 'generate'];

export function TaskPicker({ inspection, task }: { inspection: Inspection; task: TaskKind }) {
  const { t } = useTranslation();
  const allowed = tasksForFormat(inspection.format);
  const name = useId();
  return (
    <fieldset className="panel task-picker">
      <legend className="panel__title">{t('data.task.title')}</legend>
      <p className="panel__hint">
        {t('data.task.suggested', { task: t(`tasks.${inspection.suggestedTask}.name`) })}
      </p>
      <div className="task-picker__options">
        {ALL_TASKS.map((k) => (
          <label key={k} className="task-option" data-disabled={!allowed.includes(k)}>
            <input
              type="radio"
              name={name}
              value={k}
              checked={task === k}
              disabled={!allowed.includes(k)}
              onChange={() => studioStore.setTask(k)}
            />
            <span className="task-option__text">
              <span className="task-option__name">
                {t(`tasks.${k}.name`)}
                {k === inspection.suggestedTask && (
                  <span className="badge" data-testid="suggested-badge">
                    {t('data.task.suggestedBadge')}
                  </span>
                )}
              </span>
              <span className="task-option__desc">{t(`tasks.${k}.desc`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RoleSelect({
  role,
  inspection,
  roles,
}: {
  role: RoleName;
  inspection: Inspection;
  roles: ColumnRoles;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (role === 'features') {
    const chosen = new Set(roles.features ?? []);
    const others = candidates('features', inspection.columns).filter(
      (c) => c.name !== roles.target && c.name !== roles.date,
    );
    return (
      <fieldset className="role role--multi">
        <legend className="role__label">{t('data.roles.features')}</legend>
        <div className="role__checks">
          {others.length === 0 && <span className="panel__hint">{t('data.roles.noFeatures')}</span>}
          {others.map((c) => (
            <label key={c.name} className="check">
              <input
                type="checkbox"
                checked={chosen.has(c.name)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.currentTarget.checked) next.add(c.name);
                  else next.delete(c.name);
                  studioStore.setRoles({
                    ...roles,
                    features: others.map((o) => o.name).filter((n) => next.has(n)),
                  });
                }}
              />
              {c.name}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const fixed = role === 'token' || role === 'tag';
  const value = roles[role] ?? '';
  const tagOptions = inspection.format === 'conllu' ? ['upos', 'xpos'] : [];
  return (
    <div className="role">
      <label className="role__label" htmlFor={id}>
        {t(`data.roles.${role}`)}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        data-testid={`role-${role}`}
        disabled={fixed && !(role === 'tag' && tagOptions.length > 0)}
        onChange={(e) => {
          const v = e.currentTarget.value;
          const next: ColumnRoles = { ...roles };
          if (v === '') delete next[role];
          else next[role] = v;
          if (role === 'target' && next.features !== undefined)
            next.features = next.features.filter((f) => f !== v);
          studioStore.setRoles(next);
        }}
      >
        {!fixed && <option value="">{t('data.roles.none')}</option>}
        {role === 'tag' && tagOptions.length > 0
          ? tagOptions.map((f) => (
              <option key={f} value={f}>
                {t(`data.roles.tagFields.${f as 'upos' | 'xpos'}`)}
              </option>
            ))
          : candidates(role, inspection.columns).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
      </select>
    </div>
  );
}

export function RoleEditor({
  inspection,
  task,
  roles,
}: {
  inspection: Inspection;
  task: TaskKind;
  roles: ColumnRoles;
}) {
  const { t } = useTranslation();
  const missing = missingRoles(task, roles);
  return (
    <section className="panel" aria-labelledby="roles-heading">
      <h2 className="panel__title" id="roles-heading">
        {t('data.roles.title')}
      </h2>
      <p className="panel__hint">{t(`data.roles.hint.${task}`)}</p>
      <div className="roles">
        {TASK_ROLES[task].map((role) => (
          <RoleSelect key={role} role={role} inspection={inspection} roles={roles} />
        ))}
      </div>
      {missing.length > 0 && (
        <Notice tone="warn" title={t('data.roles.missing')} testId="roles-missing">
          <p>{missing.map((r) => t(`data.roles.${r}`)).join(', ')}</p>
        </Notice>
      )}
    </section>
  );
}
