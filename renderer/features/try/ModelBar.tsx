/** The bar above the demos: which model is used, opening a .rnnmodel, and exporting the run's model. */

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS } from '../../../core/io/export/formats.ts';
import type { RunView } from '../../app/runs.ts';
import { Icon } from '../../components/Icon.tsx';
import { Notice } from '../../components/Notice.tsx';
import {
  closeOpenedModel,
  exportModelFolder,
  exportRunModel,
  openModelFile,
  type TryModel,
} from './tryModel.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ModelBar({ model, run }: { model: TryModel | null; run: RunView | null }) {
  const { t } = useTranslation();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const isBundle = model !== null && 'bundle' in model.source;
  return (
    <section className="panel model-bar" aria-label={t('try.model.label')}>
      <div className="model-bar__row">
        <div className="model-bar__what">
          <span className="model-bar__caption">{t('try.model.using')}</span>
          <strong data-testid="try-model-name">{model === null ? '—' : model.label}</strong>
          {model !== null && <span className="badge">{t(`tasks.${model.task}.name`)}</span>}
        </div>
        <div className="model-bar__actions">
          <input
            id={id}
            type="file"
            accept=".rnnmodel"
            className="visually-hidden"
            data-testid="open-model-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file === undefined) return;
              setError(null);
              openModelFile(file).catch((err: unknown) => setError(messageOf(err)));
            }}
          />
          <label htmlFor={id} className="button" data-testid="open-model">
            <Icon name="upload" size={15} />
            {t('try.model.open')}
          </label>
          {isBundle && run !== null && (
            <button type="button" className="button" onClick={closeOpenedModel}>
              {t('try.model.useRun', { run: run.label })}
            </button>
          )}
          {(run !== null || isBundle) &&
            EXPORT_FORMATS.map((format) => (
              <button
                key={format}
                type="button"
                className="button"
                data-testid={`export-${format}`}
                onClick={() => {
                  setError(null);
                  setSaved(null);
                  const source =
                    model !== null && 'bundle' in model.source
                      ? { bundle: model.source.bundle, fileName: model.label }
                      : { runId: (run as RunView).runId };
                  exportModelFolder(source, format)
                    .then((where) =>
                      setSaved(
                        where === null
                          ? null
                          : t(`try.model.savedFolder.${format}`, { file: where }),
                      ),
                    )
                    .catch((err: unknown) => setError(messageOf(err)));
                }}
              >
                <Icon name="download" size={15} />
                {t(`try.model.exportFolder.${format}`)}
              </button>
            ))}
          {run !== null && (
            <button
              type="button"
              className="button"
              data-testid="export-model"
              onClick={() => {
                setError(null);
                setSaved(null);
                exportRunModel(run.runId)
                  .then((where) =>
                    setSaved(where === null ? null : t('try.model.saved', { file: where })),
                  )
                  .catch((err: unknown) => setError(messageOf(err)));
              }}
            >
              <Icon name="download" size={15} />
              {t('try.model.export')}
            </button>
          )}
        </div>
      </div>
      {saved !== null && (
        <p className="panel__hint" role="status" data-testid="export-done">
          {saved}
        </p>
      )}
      {error !== null && (
        <Notice tone="error" title={t('try.model.openFailed')} testId="model-error">
          <p className="notice__message">{error}</p>
        </Notice>
      )}
    </section>
  );
}
