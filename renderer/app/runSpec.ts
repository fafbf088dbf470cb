/** The RunSpec the app builds: per-task defaults, and how the Data section's column roles become `spec.data`. */
import type { ColumnRoles, Inspection } from '../../core/data/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import {
  type DataSpec,
  type DerivedColumn,
  type RunSpec,
  runSpecSchema,
  type TaskKind,
} from '../../core/tasks/spec.ts';
import { rolesForTask } from '../features/data/taskRoles.ts';

/**
 * The starting RunSpec for `task`: core/tasks/presets.ts's default (model, data settings and
 * training), as the CLI starts from. The result always passes `runSpecSchema`.
 */
export function defaultRunSpec(task: TaskKind): RunSpec {
  return runSpecSchema.parse(structuredClone(presetSpec(task)));
}

/** The `spec.data` keys that name columns; the rest (tokenizer, window, …) are settings. */
const COLUMN_KEYS = [
  'textColumn',
  'labelColumn',
  'targetColumn',
  'featureColumns',
  'dateColumn',
  'sourceColumn',
  'tagField',
] as const satisfies readonly (keyof DataSpec)[];

/**
 * The column choices of `data` alone, with its derived columns (what a preset or another
 * setting must not overwrite).
 */
export function columnsOf(data: DataSpec): Partial<DataSpec> {
  return Object.fromEntries(
    [...COLUMN_KEYS, 'derivedColumns' as const]
      .filter((k) => data[k] !== undefined)
      .map((k) => [k, data[k]]),
  );
}

/**
 * Writes the roles that matter for `task` into `data`, replacing earlier column choices and
 * keeping the settings and (forecast only) the derived columns. Tag files name their tag field
 * (`upos`/`xpos`) as the `tag` role.
 */
export function applyRoles(data: DataSpec, task: TaskKind, roles: ColumnRoles): DataSpec {
  const out: DataSpec = { ...data };
  for (const key of COLUMN_KEYS) delete out[key];
  if (task !== 'forecast') delete out.derivedColumns;
  // NOTE: label names belong to the label column they name.
  if (task !== 'classify' || roles.label !== data.labelColumn) delete out.labelNames;
  switch (task) {
    case 'classify':
      if (roles.text !== undefined) out.textColumn = roles.text;
      if (roles.label !== undefined) out.labelColumn = roles.label;
      break;
    case 'generate':
      if (roles.text !== undefined) out.textColumn = roles.text;
      break;
    case 'forecast':
      if (roles.target !== undefined) out.targetColumn = roles.target;
      if (roles.date !== undefined) out.dateColumn = roles.date;
      // NOTE: an empty list is a choice (the target alone), not "use the suggested inputs".
      if (roles.features !== undefined) out.featureColumns = [...roles.features];
      break;
    case 'seq2seq':
      if (roles.source !== undefined) out.sourceColumn = roles.source;
      if (roles.target !== undefined) out.targetColumn = roles.target;
      break;
    case 'tag':
      if (roles.tag === 'upos' || roles.tag === 'xpos') out.tagField = roles.tag;
      break;
  }
  return out;
}

/**
 * The column roles a spec's `data` names (the inverse of {@link applyRoles}), over the roles
 * the file suggests for `task` (token fields, date parts), so a recipe's spec shows in the
 * Data section's role editor.
 */
export function rolesFromSpec(task: TaskKind, data: DataSpec, inspection: Inspection): ColumnRoles {
  const roles: ColumnRoles = { ...rolesForTask(task, inspection) };
  const set = <K extends keyof ColumnRoles>(key: K, value: ColumnRoles[K] | undefined): void => {
    if (value !== undefined) roles[key] = value;
  };
  switch (task) {
    case 'classify':
      set('text', data.textColumn);
      set('label', data.labelColumn);
      break;
    case 'generate':
      set('text', data.textColumn);
      break;
    case 'forecast':
      set('target', data.targetColumn);
      set('date', data.dateColumn);
      set('features', data.featureColumns === undefined ? undefined : [...data.featureColumns]);
      break;
    case 'seq2seq':
      set('source', data.sourceColumn);
      set('target', data.targetColumn);
      break;
    case 'tag':
      set('tag', data.tagField);
      break;
  }
  return roles;
}

/**
 * Uses `defs` as the forecast's derived columns: `data.derivedColumns` (left out when empty),
 * and the roles without any derived column `defs` no longer has (a removed one is no longer the
 * target or a feature). The store takes the two together: `setSpec` with `data`, then `setRoles`.
 */
export function replaceDerived(
  data: DataSpec,
  roles: ColumnRoles,
  defs: readonly DerivedColumn[],
): { data: DataSpec; roles: ColumnRoles } {
  const names = new Set(defs.map((d) => d.name));
  const gone = new Set((data.derivedColumns ?? []).map((d) => d.name).filter((n) => !names.has(n)));
  const next: ColumnRoles = { ...roles };
  if (next.target !== undefined && gone.has(next.target)) delete next.target;
  if (next.features !== undefined) next.features = next.features.filter((f) => !gone.has(f));
  const out: DataSpec = { ...data };
  if (defs.length > 0) out.derivedColumns = defs.map((d) => ({ ...d }));
  else delete out.derivedColumns;
  return { data: applyRoles(out, 'forecast', next), roles: next };
}
