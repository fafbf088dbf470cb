/** Which column roles each task uses, and a first guess of them for a task the user picks. */
import type { ColumnInfo, ColumnRoles, Inspection } from '../../../core/data/index.ts';
import type { TaskKind } from '../../../core/tasks/spec.ts';

/** A role a column can play; `features` takes several columns, every other role one. */
export type RoleName =
  | 'text'
  | 'label'
  | 'target'
  | 'features'
  | 'date'
  | 'source'
  | 'token'
  | 'tag';

/** The roles the Data section asks for, per task, in the order they are shown. */
export const TASK_ROLES: Record<TaskKind, readonly RoleName[]> = {
  classify: ['text', 'label'],
  forecast: ['target', 'date', 'features'],
  tag: ['token', 'tag'],
  seq2seq: ['source', 'target'],
  generate: ['text'],
  // NOTE: caption data is an image folder, not columns: the Data section reads it apart (features/data/captions).
  caption: [],
};

/** Roles that must be set before training. */
export const REQUIRED_ROLES: Record<TaskKind, readonly RoleName[]> = {
  classify: ['text', 'label'],
  forecast: ['target'],
  tag: ['token', 'tag'],
  seq2seq: ['source', 'target'],
  generate: ['text'],
  // NOTE: caption data is an image folder, not columns: the Data section reads it apart (features/data/captions).
  caption: [],
};

const isNumeric = (c: ColumnInfo): boolean => c.type === 'number' || c.type === 'integer';

/** Columns that may play `role` (by inferred type); every column may for the free-form roles. */
export function candidates(role: RoleName, columns: readonly ColumnInfo[]): ColumnInfo[] {
  switch (role) {
    case 'target':
    case 'features':
      return columns.filter((c) => isNumeric(c) || c.type === 'text');
    case 'date':
      return columns.filter((c) => c.type === 'date' || c.type === 'integer');
    default:
      return [...columns];
  }
}

/**
 * Roles for `task`: the inspection's own when it suggested that task, else a guess from the
 * column types (text columns for text roles, few distinct values for labels, numbers for targets).
 */
export function rolesForTask(task: TaskKind, inspection: Inspection): ColumnRoles {
  if (task === inspection.suggestedTask) return { ...inspection.roles };
  const cols = inspection.columns;
  const texts = cols.filter((c) => c.type === 'text');
  const numeric = cols.filter(isNumeric);
  const byDistinct = [...cols].sort((a, b) => a.distinct - b.distinct);
  const label = byDistinct.find((c) => c.distinct >= 2 && !texts.includes(c)) ?? byDistinct[0];
  const firstText = texts[0] ?? cols.find((c) => c !== label);
  switch (task) {
    case 'classify':
      return {
        ...(firstText !== undefined ? { text: firstText.name } : {}),
        ...(label !== undefined && label !== firstText ? { label: label.name } : {}),
      };
    case 'generate':
      return firstText !== undefined ? { text: firstText.name } : {};
    case 'seq2seq': {
      const [source, target] = texts.length >= 2 ? texts : cols;
      return {
        ...(source !== undefined ? { source: source.name } : {}),
        ...(target !== undefined ? { target: target.name } : {}),
      };
    }
    case 'forecast': {
      const date = cols.find((c) => c.type === 'date');
      const target = numeric[numeric.length - 1];
      return {
        ...(date !== undefined ? { date: date.name } : {}),
        ...(target !== undefined ? { target: target.name } : {}),
        features: numeric.filter((c) => c !== target).map((c) => c.name),
      };
    }
    case 'tag':
      return inspection.roles.token !== undefined ? { ...inspection.roles } : {};
    case 'caption':
      return {};
  }
}

/** Roles of `required` for `task` that have no column yet. */
export function missingRoles(task: TaskKind, roles: ColumnRoles): RoleName[] {
  return REQUIRED_ROLES[task].filter((r) => {
    const v = roles[r];
    return v === undefined || (Array.isArray(v) && v.length === 0);
  });
}

/** Tasks a file format can serve: tag files only tag, tables and text anything else. */
export function tasksForFormat(format: Inspection['format']): TaskKind[] {
  if (format === 'conllu' || format === 'conll') return ['tag'];
  if (format === 'text') return ['generate'];
  if (format === 'dialog-yaml') return ['seq2seq'];
  return ['classify', 'forecast', 'seq2seq', 'generate'];
}
