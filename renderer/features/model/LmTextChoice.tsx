/** Which text a language model trained from the Model section reads: this file's text column (classify: the text, seq2seq: the source) or another text file the user drops or opens, inspected as the Data section inspects files. */
import type { TFunction } from 'i18next';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { trainingFileRefusal } from '../../../core/train/trainingFile.ts';
import { desktopApi } from '../../app/bridge.ts';
import { wordCoreMessage } from '../../i18n/coreMessages.ts';
import { ImportFailure, inspectInWorker } from '../data/inspector.ts';
import { SelectField } from './fields.tsx';
import { type LmText, LmTextError, otherFileText, sameFileText } from './lmRunSpec.ts';

/** Another file's text, as inspected. */
export interface OtherText {
  file: File;
  text: LmText;
  /** Non-empty lines or records, as inspection counted them. */
  rows: number;
}

/** Where the language model's text comes from. */
export type LmSource = 'this-file' | 'other-file';

/** File name endings offered first (any file can still be chosen). */
const ACCEPT = '.txt,.csv,.tsv,.jsonl,.json,.xlsx,.parquet';

/** `file` inspected as a language model's text, or the reason it cannot be one (in the UI's words). */
async function inspectText(file: File, t: TFunction): Promise<OtherText> {
  const refusal = trainingFileRefusal(
    desktopApi() === null ? 'browser' : 'desktop',
    file.name,
    file.size,
  );
  if (refusal !== null) throw new Error(wordCoreMessage(t, refusal.detail));
  try {
    const { inspection } = await inspectInWorker(file, { onProgress: () => undefined }).result;
    return { file, text: otherFileText(inspection), rows: inspection.rows };
  } catch (err) {
    if (err instanceof LmTextError) {
      throw new Error(t('model.languageModel.train.notText', { file: file.name }));
    }
    if (err instanceof ImportFailure && err.detail !== undefined) {
      throw new Error(wordCoreMessage(t, err.detail));
    }
    throw err;
  }
}

export function LmTextChoice(props: {
  spec: RunSpec;
  source: LmSource;
  other: OtherText | null;
  disabled: boolean;
  onSource: (source: LmSource) => void;
  onOther: (other: OtherText) => void;
  onError: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const { spec, source, other, disabled, onError } = props;
  const [over, setOver] = useState(false);
  const same = sameFileText(spec);
  const take = (file: File | undefined) => {
    if (file === undefined) return;
    onError(null);
    inspectText(file, t).then(props.onOther, (err: unknown) =>
      onError(err instanceof Error ? err.message : String(err)),
    );
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) take(event.dataTransfer.files[0]);
  };
  return (
    <>
      {same === null ? (
        <p className="panel__hint" data-testid="lm-text-tag-note">
          {t('model.languageModel.train.tagNote')}
        </p>
      ) : (
        <div className="model-summary__controls">
          <SelectField<LmSource>
            label={t('model.languageModel.train.text')}
            value={source}
            options={[
              {
                value: 'this-file',
                label: t('model.languageModel.train.thisFile', {
                  column: same.textColumn ?? '—',
                }),
              },
              { value: 'other-file', label: t('model.languageModel.train.otherFile') },
            ]}
            disabled={disabled}
            testId="lm-text-source"
            onChange={props.onSource}
          />
        </div>
      )}
      {same !== null && source === 'this-file' && (
        <p className="panel__hint" data-testid="lm-text-this-file-note">
          {t('model.languageModel.train.thisFileNote')}
        </p>
      )}
      {(same === null || source === 'other-file') && (
        // biome-ignore lint/a11y/noStaticElementInteractions: the drop target is for the mouse; keyboard users have the button inside it.
        <div
          className="lm-text-drop"
          data-testid="lm-text-drop"
          data-over={over}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <label className="button" data-disabled={disabled}>
            {t('model.languageModel.train.openText')}
            <input
              type="file"
              accept={ACCEPT}
              hidden
              disabled={disabled}
              data-testid="lm-text-file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                take(file);
              }}
            />
          </label>
          <span className="panel__hint" data-testid="lm-text-other">
            {other === null
              ? t('model.languageModel.train.dropText')
              : t('model.languageModel.train.otherReads', {
                  file: other.file.name,
                  column: other.text.textColumn ?? '—',
                  count: other.rows,
                })}
          </span>
        </div>
      )}
    </>
  );
}
