/** Derived columns in the Data section: which columns may be sources, checking a new one as the user types, adding, removing, carrying them to another file and computing them over the preview. */
import {
  type ColumnInfo,
  derivedFormula,
  type Inspection,
  withDerivedColumns,
} from '../../../core/data/index.ts';
import type { DerivedColumn, DerivedOp } from '../../../core/tasks/spec.ts';
import { replaceDerived } from '../../app/runSpec.ts';
import type { StudioState, StudioStore } from '../../app/store.ts';
import type { Preview } from './preview.ts';

/** The operators in the order the form offers them. */
export const DERIVED_OPS: readonly DerivedOp[] = ['subtract', 'add', 'multiply', 'divide'];

/** What the user has typed and chosen so far for a new derived column. */
export interface DerivedDraft {
  name: string;
  left: string;
  op: DerivedOp;
  right: string;
}

/** Why a draft cannot be added yet (each maps to a message in `data.derived.problems`). */
export type DerivedProblem =
  | { kind: 'nameEmpty' }
  | { kind: 'nameTaken'; name: string }
  | { kind: 'sourceMissing' };

const isNumeric = (c: ColumnInfo): boolean => c.type === 'number' || c.type === 'integer';

/**
 * Columns a derived column may compute from: the file's numeric columns, then the derived
 * columns already defined (a later one may use an earlier one).
 */
export function derivedSources(
  columns: readonly ColumnInfo[],
  defs: readonly DerivedColumn[],
): string[] {
  return [...columns.filter(isNumeric).map((c) => c.name), ...defs.map((d) => d.name)];
}

/**
 * The first problem of `draft`, or null when it can be added. The name rule is core's
 * (core/data/derived.ts): after trimming, not empty and not the name of any column of the file
 * (whatever its type) or of a derived column.
 */
export function draftProblem(
  draft: DerivedDraft,
  columns: readonly ColumnInfo[],
  defs: readonly DerivedColumn[],
): DerivedProblem | null {
  const name = draft.name.trim();
  if (name === '') return { kind: 'nameEmpty' };
  const taken = [...columns.map((c) => c.name), ...defs.map((d) => d.name)];
  if (taken.includes(name)) return { kind: 'nameTaken', name };
  const sources = derivedSources(columns, defs);
  if (!sources.includes(draft.left) || !sources.includes(draft.right))
    return { kind: 'sourceMissing' };
  return null;
}

/** `defs` with `draft` appended (its name trimmed); check it with {@link draftProblem} first. */
export function addDerived(defs: readonly DerivedColumn[], draft: DerivedDraft): DerivedColumn[] {
  return [...defs, { name: draft.name.trim(), op: draft.op, left: draft.left, right: draft.right }];
}

/**
 * `defs` without the column `name` and without every later column computed from it (directly or
 * through another), since those could no longer be computed. `removed` lists every name dropped.
 */
export function removeDerived(
  defs: readonly DerivedColumn[],
  name: string,
): { defs: DerivedColumn[]; removed: string[] } {
  const removed = new Set([name]);
  const kept: DerivedColumn[] = [];
  for (const d of defs) {
    if (removed.has(d.name) || removed.has(d.left) || removed.has(d.right)) removed.add(d.name);
    else kept.push(d);
  }
  return { defs: kept, removed: defs.map((d) => d.name).filter((n) => removed.has(n)) };
}

/**
 * The definitions of `defs` another file can still compute, in order: both sources are among
 * `columns` (the new file's column names) or earlier kept definitions, and the name is not one of
 * the file's columns.
 */
export function derivedForColumns(
  defs: readonly DerivedColumn[],
  columns: readonly string[],
): DerivedColumn[] {
  const known = new Set(columns);
  const kept: DerivedColumn[] = [];
  for (const d of defs) {
    if (known.has(d.name) || !known.has(d.left) || !known.has(d.right)) continue;
    kept.push(d);
    known.add(d.name);
  }
  return kept;
}

/** A derived column as the role choices show it: `Range (High − Low)`. */
export function derivedLabel(def: DerivedColumn): string {
  return `${def.name} (${derivedFormula(def)})`;
}

/** The preview's columns and rows with the derived columns appended, or the reader's message. */
export type DerivedPreview =
  | { ok: true; columns: string[]; rows: string[][] }
  | { ok: false; message: string };

/**
 * The preview with `defs` computed row by row as the core computes them for training
 * ({@link withDerivedColumns}); messages name the file and the line of the row.
 */
export function derivedPreview(
  preview: Preview,
  file: Pick<Inspection, 'fileName' | 'hasHeader'>,
  defs: readonly DerivedColumn[],
): DerivedPreview {
  if (defs.length === 0) return { ok: true, columns: preview.columns, rows: preview.rows };
  try {
    const table = withDerivedColumns(
      {
        fileName: file.fileName,
        columns: preview.columns,
        rows: preview.rows,
        lines: preview.rows.map((_, i) => i + (file.hasHeader ? 2 : 1)),
      },
      defs,
    );
    return { ok: true, columns: table.columns, rows: table.rows };
  } catch (err) {
    // NOTE: a source column with text in it (the inspection counted it as numeric from a sample)
    // or a definition another file left behind; the statistics show the core's message instead.
    if (err instanceof Error) return { ok: false, message: err.message };
    throw err;
  }
}

/** Writes `defs` into the store's spec and takes removed derived columns out of the roles. */
export function commitDerived(store: StudioStore, defs: readonly DerivedColumn[]): void {
  const { spec, roles } = store.getState();
  const next = replaceDerived(spec.data, roles, defs);
  store.setSpec((s) => ({ ...s, data: next.data }));
  store.setRoles(next.roles);
}

/**
 * After a file was loaded into `store` (`before` is the state just before): keeps the forecast's
 * derived columns the new file can still compute ({@link derivedForColumns}) and drops the rest.
 * A re-inspection (another encoding) whose columns still fit the roles keeps the task, roles and
 * spec even when the target or a feature is a derived column, which the store alone cannot tell.
 */
export function carryDerived(
  store: StudioStore,
  before: Pick<StudioState, 'spec' | 'roles'>,
  options: { reinspect: boolean },
): void {
  const now = store.getState();
  if (now.dataset === null) return;
  const old = before.spec.task === 'forecast' ? (before.spec.data.derivedColumns ?? []) : [];
  if (old.length === 0) return;
  const names = now.dataset.inspection.columns.map((c) => c.name);
  const kept = derivedForColumns(old, names);
  if (now.spec === before.spec) {
    // The store kept task, roles and spec (a re-inspection with the same columns).
    if (kept.length < old.length) commitDerived(store, kept);
    return;
  }
  if (options.reinspect) {
    const known = new Set([...names, ...kept.map((d) => d.name)]);
    const fits = Object.values(before.roles)
      .flat()
      .every((v) => typeof v !== 'string' || known.has(v));
    if (fits) {
      store.applySavedSpec({
        ...before.spec,
        data: replaceDerived(before.spec.data, before.roles, kept).data,
      });
      return;
    }
  }
  if (kept.length > 0 && now.spec.task === 'forecast') commitDerived(store, kept);
}
