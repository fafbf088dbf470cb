/** The Data section's label names (classify): each code of the label column with a name field; the model's classes, Try, Evaluate, the bundle and the export use the names. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadedDataset } from '../../app/store.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { labelCodes, MAX_NAMED_CODES, sharedNames, withLabelName } from './labelNames.ts';

/** Sets (or, blank, removes) the name of `code` in the spec. */
function setName(code: string, name: string): void {
  studioStore.setSpec((spec) => {
    const labelNames = withLabelName(spec.data.labelNames, code, name);
    const data = { ...spec.data };
    if (labelNames === undefined) delete data.labelNames;
    else data.labelNames = labelNames;
    return { ...spec, data };
  });
}

function NameField({ code, name, column }: { code: string; name: string; column: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const commit = () => {
    if (text.trim() !== name) setName(code, text);
  };
  return (
    <input
      className="input"
      type="text"
      value={text}
      placeholder={code}
      aria-label={t('data.labelNames.field', { code, column })}
      data-testid={`label-name-${code}`}
      maxLength={200}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

export function LabelNames({
  dataset,
  column,
  names,
}: {
  dataset: LoadedDataset;
  column: string;
  names: Readonly<Record<string, string>> | undefined;
}) {
  const { t } = useTranslation();
  const { preview } = dataset;
  const codes = useMemo(() => {
    const i = preview.columns.indexOf(column);
    return i === -1 ? [] : labelCodes(preview.rows.map((r) => r[i] ?? ''));
  }, [preview, column]);
  if (codes.length < 2 || codes.length > MAX_NAMED_CODES) return null;
  const shared = sharedNames(codes, names);
  return (
    <section className="panel" aria-labelledby="label-names-heading" data-testid="label-names">
      <h2 className="panel__title" id="label-names-heading">
        {t('data.labelNames.title')}
      </h2>
      <p className="panel__hint">{t('data.labelNames.hint', { column })}</p>
      <dl className="label-names">
        {codes.map((code) => (
          <div key={code} className="label-names__row">
            <dt className="label-names__code">{code}</dt>
            <dd>
              <NameField code={code} name={names?.[code] ?? ''} column={column} />
            </dd>
          </div>
        ))}
      </dl>
      {shared.length > 0 && (
        <Notice
          tone="warn"
          title={t('data.labelNames.shared', { names: shared.join(', ') })}
          testId="label-names-shared"
        />
      )}
    </section>
  );
}
