/** The forecast's derived columns: each one's formula with a remove button, and a form that adds one (name, left column, operator, right column), checked as the user types. */
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DERIVED_SYMBOLS, derivedFormula, type Inspection } from '../../../core/data/index.ts';
import type { DerivedColumn, DerivedOp } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import {
  addDerived,
  commitDerived,
  DERIVED_OPS,
  type DerivedDraft,
  type DerivedProblem,
  derivedSources,
  draftProblem,
  removeDerived,
} from './derivedColumns.ts';

/** Writes `defs` into the app's spec and drops removed columns from the roles. */
function commit(defs: readonly DerivedColumn[]): void {
  commitDerived(studioStore, defs);
}

/** A draft with the first two sources preselected (High and Low in an OHLC file, say). */
function freshDraft(sources: readonly string[]): DerivedDraft {
  return {
    name: '',
    left: sources[0] ?? '',
    op: 'subtract',
    right: sources[1] ?? sources[0] ?? '',
  };
}

function ProblemText({ problem }: { problem: DerivedProblem }) {
  const { t } = useTranslation();
  switch (problem.kind) {
    case 'nameEmpty':
      return <>{t('data.derived.problems.nameEmpty')}</>;
    case 'nameTaken':
      return <>{t('data.derived.problems.nameTaken', { name: problem.name })}</>;
    case 'sourceMissing':
      return <>{t('data.derived.problems.sourceMissing')}</>;
  }
}

/** One source column of the new derived column. */
function SourceSelect(props: {
  id: string;
  label: string;
  value: string;
  sources: readonly string[];
  testId: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="select"
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.sources.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DerivedColumns({
  inspection,
  defs,
}: {
  inspection: Inspection;
  defs: readonly DerivedColumn[];
}) {
  const { t } = useTranslation();
  const sources = derivedSources(inspection.columns, defs);
  const [draft, setDraft] = useState<DerivedDraft>(() => freshDraft(sources));
  // The message shows once the user has typed a name or tried to add (not on a fresh form).
  const [touched, setTouched] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = { name: useId(), left: useId(), op: useId(), right: useId(), problem: useId() };
  // A source the draft names may have been removed meanwhile: fall back to the first ones.
  const left = sources.includes(draft.left) ? draft.left : (sources[0] ?? '');
  const right = sources.includes(draft.right) ? draft.right : (sources[1] ?? sources[0] ?? '');
  const current: DerivedDraft = { ...draft, left, right };
  const problem = draftProblem(current, inspection.columns, defs);
  const shown = touched ? problem : null;
  const nameProblem = shown !== null && shown.kind !== 'sourceMissing';

  const onSubmit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    setTouched(true);
    if (problem !== null) {
      nameRef.current?.focus();
      return;
    }
    commit(addDerived(defs, current));
    setDraft({ ...current, name: '' });
    setTouched(false);
    nameRef.current?.focus();
  };

  return (
    <section className="panel" aria-labelledby="derived-heading" data-testid="derived-columns">
      <h2 className="panel__title" id="derived-heading">
        {t('data.derived.title')}
      </h2>
      <p className="panel__hint">{t('data.derived.hint')}</p>
      {defs.length > 0 && (
        <ul className="derived-list" aria-label={t('data.derived.listLabel')}>
          {defs.map((d) => (
            <li key={d.name} className="derived-item" data-testid="derived-item">
              <span className="derived-item__name">{d.name}</span>
              <span className="derived-item__equals" aria-hidden="true">
                =
              </span>
              <span className="derived-item__formula" data-testid="derived-formula">
                {derivedFormula(d)}
              </span>
              <button
                type="button"
                className="button button--quiet derived-item__remove"
                aria-label={t('data.derived.removeLabel', { name: d.name })}
                onClick={() => commit(removeDerived(defs, d.name).defs)}
              >
                {t('data.derived.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {sources.length === 0 ? (
        <p className="panel__hint">{t('data.derived.noNumeric')}</p>
      ) : (
        <form className="derived-form" onSubmit={onSubmit} noValidate>
          <div className="field derived-form__name">
            <label htmlFor={ids.name}>{t('data.derived.name')}</label>
            <input
              ref={nameRef}
              id={ids.name}
              className="input"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('data.derived.namePlaceholder')}
              value={draft.name}
              aria-invalid={nameProblem}
              aria-describedby={shown !== null ? ids.problem : undefined}
              data-testid="derived-name"
              onChange={(e) => {
                setDraft({ ...current, name: e.currentTarget.value });
                setTouched(true);
              }}
            />
          </div>
          <span className="derived-form__equals" aria-hidden="true">
            =
          </span>
          <SourceSelect
            id={ids.left}
            label={t('data.derived.left')}
            value={left}
            sources={sources}
            testId="derived-left"
            onChange={(v) => setDraft({ ...current, left: v })}
          />
          <div className="field">
            <label htmlFor={ids.op}>{t('data.derived.op')}</label>
            <select
              id={ids.op}
              className="select"
              value={draft.op}
              data-testid="derived-op"
              onChange={(e) => setDraft({ ...current, op: e.currentTarget.value as DerivedOp })}
            >
              {DERIVED_OPS.map((op) => (
                <option key={op} value={op}>
                  {`${DERIVED_SYMBOLS[op]}  ${t(`data.derived.ops.${op}`)}`}
                </option>
              ))}
            </select>
          </div>
          <SourceSelect
            id={ids.right}
            label={t('data.derived.right')}
            value={right}
            sources={sources}
            testId="derived-right"
            onChange={(v) => setDraft({ ...current, right: v })}
          />
          <button type="submit" className="button derived-form__add" data-testid="derived-add">
            {t('data.derived.add')}
          </button>
          <p
            id={ids.problem}
            className="derived-form__problem"
            data-testid="derived-problem"
            aria-live="polite"
          >
            {shown !== null && <ProblemText problem={shown} />}
          </p>
          {problem === null && (
            <p className="derived-form__preview panel__hint" data-testid="derived-draft-formula">
              {t('data.derived.willAdd', {
                name: current.name.trim(),
                formula: derivedFormula({ ...current, name: current.name.trim() }),
              })}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
