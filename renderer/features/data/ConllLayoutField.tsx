/** The CoNLL columns of the reading panel: in a token-per-line file, which column holds the token and which the tag, and how comment lines start. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConllLayout, ReadOptions } from '../../../core/data/index.ts';

type ConllChoice = NonNullable<ReadOptions['conll']>;

/** The layout as the reading options write it (0-based columns, the comment prefix). */
function choiceOf(layout: ConllLayout): ConllChoice {
  return {
    tokenColumn: layout.tokenField,
    tagColumn: layout.tagField,
    ...(layout.commentPrefix !== undefined ? { commentPrefix: layout.commentPrefix } : {}),
  };
}

/** 0-based column numbers `0 … fieldCount - 1`. */
function columnNumbers(fieldCount: number): number[] {
  return Array.from({ length: fieldCount }, (_, i) => i);
}

function ColumnSelect({
  label,
  testId,
  value,
  other,
  fieldCount,
  onPick,
}: {
  label: string;
  testId: string;
  value: number;
  /** The column the other select holds: token and tag must differ. */
  other: number;
  fieldCount: number;
  onPick: (column: number) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="reading__conll-column">
      <label htmlFor={id} className="reading__label">
        {label}
      </label>
      <select
        id={id}
        className="select"
        data-testid={testId}
        value={value}
        onChange={(e) => onPick(Number(e.currentTarget.value))}
      >
        {columnNumbers(fieldCount).map((c) => (
          <option key={c} value={c} disabled={c === other}>
            {t('data.reading.conllColumn', { n: c + 1 })}
          </option>
        ))}
      </select>
    </span>
  );
}

export function ConllLayoutField({
  layout,
  why,
  onChange,
}: {
  layout: ConllLayout;
  why: string;
  onChange: (change: ReadOptions) => void;
}) {
  const { t } = useTranslation();
  const legendId = useId();
  const whyId = useId();
  const prefixId = useId();
  const choice = choiceOf(layout);
  const [prefix, setPrefix] = useState(choice.commentPrefix ?? '#');
  useEffect(() => setPrefix(layout.commentPrefix ?? '#'), [layout.commentPrefix]);
  const pick = (c: Partial<ConllChoice>) => onChange({ conll: { ...choice, ...c } });
  const applyPrefix = () => {
    if (prefix !== (choice.commentPrefix ?? '#')) pick({ commentPrefix: prefix });
  };
  return (
    <fieldset
      className="reading__item reading__conll"
      aria-labelledby={legendId}
      aria-describedby={whyId}
      data-testid="conll-layout"
    >
      <legend id={legendId} className="reading__label">
        {t('data.reading.conll', { fields: layout.fieldCount })}
      </legend>
      <span className="reading__conll-row">
        <ColumnSelect
          label={t('data.reading.conllToken')}
          testId="conll-token-column"
          value={choice.tokenColumn}
          other={choice.tagColumn}
          fieldCount={layout.fieldCount}
          onPick={(tokenColumn) => pick({ tokenColumn })}
        />
        <ColumnSelect
          label={t('data.reading.conllTag')}
          testId="conll-tag-column"
          value={choice.tagColumn}
          other={choice.tokenColumn}
          fieldCount={layout.fieldCount}
          onPick={(tagColumn) => pick({ tagColumn })}
        />
        <span className="reading__conll-column">
          <label htmlFor={prefixId} className="reading__label">
            {t('data.reading.conllComment')}
          </label>
          <span className="reading__missing">
            <input
              id={prefixId}
              className="input reading__prefix"
              type="text"
              maxLength={4}
              data-testid="conll-comment-prefix"
              value={prefix}
              onChange={(e) => setPrefix(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') applyPrefix();
              }}
            />
            <button type="button" className="button button--small" onClick={applyPrefix}>
              {t('data.reading.missingApply')}
            </button>
          </span>
        </span>
      </span>
      <small id={whyId} className="reading__why">
        {why}
      </small>
    </fieldset>
  );
}
