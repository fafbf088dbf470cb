/** The missing-value codes of the reading panel: a comma-separated list applied with Enter or the Apply button. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Codes from what the user typed: split at commas, trimmed, blanks and repeats dropped. */
export function parseMissingCodes(text: string): string[] {
  return [...new Set(text.split(',').map((c) => c.trim()))].filter((c) => c !== '');
}

export function MissingCodesField({
  id,
  describedBy,
  codes,
  onApply,
}: {
  id: string;
  describedBy: string;
  codes: readonly string[];
  onApply: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  const [text, setText] = useState(codes.join(', '));
  useEffect(() => setText(codes.join(', ')), [codes]);
  const apply = () => {
    const next = parseMissingCodes(text);
    if (next.join('\n') !== codes.join('\n')) onApply(next);
  };
  return (
    <span className="reading__missing">
      <input
        id={id}
        className="input"
        type="text"
        data-testid="missing-codes"
        aria-describedby={`${describedBy} ${hintId}`}
        value={text}
        placeholder="-999, NA"
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      <button type="button" className="button button--small" onClick={apply}>
        {t('data.reading.missingApply')}
      </button>
      <span id={hintId} className="visually-hidden">
        {t('data.reading.missingHint')}
      </span>
    </span>
  );
}
