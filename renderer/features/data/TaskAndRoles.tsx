/** The task picker (the suggestion marked) and the column-role editor for the chosen task. */

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnRoles, Inspection } from '../../../core/data/index.ts';
import { type DerivedColumn, type TaskKind, taskKindSchema } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import { columnLabel } from '../../components/columnLabel.ts';
import { Notice } from '../../components/Notice.tsx';
import { derivedLabel } from './derivedColumns.ts';
import {
  candidates,
  missingRoles,
  type RoleName,
  TASK_ROLES,
  tasksForFormat,
} from './taskRoles.ts';

// NOTE: caption trains on an image folder (the CLI for now), never on the table this picker shows.
const ALL_TASKS: readonly TaskKind[] = taskKindSchema.options.filter((k) => k !== 'caption');

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

/** A column a role may name: its name, and what the choice shows (a derived one's formula). */
interface Choice {
  name: string;
  label: string;
}

/** The file's columns that may play `role`, then (target and features) the derived columns. */
function choices(
  role: RoleName,
  inspection: Inspection,
  derived: readonly DerivedColumn[],
): Choice[] {
  const own = candidates(role, inspection.columns).map((c) => ({ name: c.name, label: c.name }));
  if (role !== 'target' && role !== 'features') return own;
  return [...own, ...derived.map((d) => ({ name: d.name, label: derivedLabel(d) }))];
}

function RoleSelect({
  role,
  inspection,
  roles,
  derived,
}: {
  role: RoleName;
  inspection: Inspection;
  roles: ColumnRoles;
  derived: readonly DerivedColumn[];
}) {
  const { t } = useTranslation();
  const id = useId();
  if (role === 'features') {
    const chosen = new Set(roles.features ?? []);
    const others = choices('features', inspection, derived).filter(
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
              {columnLabel(c.label, t)}
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
          : choices(role, inspection, derived).map((c) => (
              <option key={c.name} value={c.name}>
                {columnLabel(c.label, t)}
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
  derived = [],
}: {
  inspection: Inspection;
  task: TaskKind;
  roles: ColumnRoles;
  /** forecast: the derived columns, offered as target and features after the file's columns. */
  derived?: readonly DerivedColumn[];
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
          <RoleSelect
            key={role}
            role={role}
            inspection={inspection}
            roles={roles}
            derived={derived}
          />
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
