/** "Start from a language model" in the Model section: pick a generate run of this session or a .rnnmodel, see what it gives the model, and choose how it is used (frozen features or fine-tuned, with its knobs). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TRANSFER, type RunSpec } from '../../../core/tasks/spec.ts';
import { desktopApi } from '../../app/bridge.ts';
import { useRuns } from '../../app/runs.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { exportRunBundle } from '../try/tryModel.ts';
import { CheckField, NumberField, SelectField } from './fields.tsx';
import {
  type ChosenLanguageModel,
  chooseLanguageModel,
  forgetLanguageModel,
  LanguageModelChoiceError,
  TRANSFER_TASKS,
  type TransferMode,
  useChosenLanguageModel,
  withLanguageModel,
  withoutLanguageModel,
  withTransfer,
} from './languageModel.ts';

/** Desktop: the system open dialog (main grants the file), then its bytes; null when cancelled. */
async function openModelOnDesktop(
  desktop: NonNullable<ReturnType<typeof desktopApi>>,
): Promise<{ bytes: Uint8Array; fileName: string; grantedPath: string } | null> {
  const file = await desktop.openModelDialog();
  if (file === null) return null;
  const bytes = await desktop.readGrantedFile(file.path);
  return { bytes, fileName: file.name, grantedPath: file.path };
}

function useLanguageModelRuns(): { runId: string; label: string }[] {
  const runs = useRuns((s) => s.runs);
  return runs
    .filter((r) => r.task === 'generate' && r.state === 'finished')
    .map((r) => ({ runId: r.runId, label: r.label }));
}

export function LanguageModelPanel({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const lm = useChosenLanguageModel();
  const runs = useLanguageModelRuns();
  const [error, setError] = useState<string | null>(null);
  const desktop = desktopApi();
  if (!TRANSFER_TASKS.includes(spec.task)) return null;

  const take = async (
    load: () => Promise<{ bytes: Uint8Array; fileName: string; grantedPath?: string } | null>,
  ) => {
    setError(null);
    try {
      const loaded = await load();
      if (loaded === null) return;
      const chosen = chooseLanguageModel(loaded.bytes, loaded.fileName, loaded.grantedPath);
      studioStore.setSpec((s) => withLanguageModel(s, chosen));
    } catch (err) {
      setError(
        err instanceof LanguageModelChoiceError
          ? t(`model.languageModel.errors.${err.code}`, err.params)
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  };
  const reset = () => {
    forgetLanguageModel();
    studioStore.setSpec(withoutLanguageModel);
  };
  const active = spec.train.initFrom !== undefined && lm?.fileName === spec.train.initFrom;

  return (
    <section
      className="panel"
      aria-label={t('model.languageModel.title')}
      data-testid="language-model"
    >
      <h3 className="panel__title">{t('model.languageModel.title')}</h3>
      <p className="panel__hint">{t('model.languageModel.hint')}</p>
      <div className="model-summary__controls">
        <div className="field">
          <label htmlFor="lm-run">{t('model.languageModel.fromRun')}</label>
          <select
            id="lm-run"
            className="select"
            data-testid="language-model-run"
            value=""
            disabled={runs.length === 0}
            onChange={(e) => {
              const runId = e.currentTarget.value;
              if (runId !== '') void take(() => exportRunBundle(runId));
            }}
          >
            <option value="">{runs.length === 0 ? t('model.languageModel.noRuns') : '—'}</option>
            {runs.map((r) => (
              <option key={r.runId} value={r.runId}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        {desktop !== null ? (
          <button
            type="button"
            className="button"
            data-testid="language-model-open"
            onClick={() => void take(() => openModelOnDesktop(desktop))}
          >
            {t('model.languageModel.openFile')}
          </button>
        ) : (
          <label className="button">
            {t('model.languageModel.openFile')}
            <input
              type="file"
              accept=".rnnmodel"
              hidden
              data-testid="language-model-file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file !== undefined) {
                  void take(async () => ({
                    bytes: new Uint8Array(await file.arrayBuffer()),
                    fileName: file.name,
                  }));
                }
              }}
            />
          </label>
        )}
      </div>
      {error !== null && (
        <Notice tone="error" title={t('model.languageModel.title')} testId="language-model-error">
          <p className="notice__message">{error}</p>
        </Notice>
      )}
      {active && lm !== null && <ChosenModel spec={spec} lm={lm} onReset={reset} />}
    </section>
  );
}

function ChosenModel(props: { spec: RunSpec; lm: ChosenLanguageModel; onReset: () => void }) {
  const { t } = useTranslation();
  const { spec, lm } = props;
  const r = lm.spec.model.recurrent;
  const transfer: TransferMode = spec.train.transfer ?? DEFAULT_TRANSFER;
  return (
    <div className="stack" data-testid="language-model-chosen">
      <p>
        <strong>{t('model.languageModel.using', { file: lm.fileName })}</strong>
      </p>
      <p data-testid="language-model-layers">
        {t('model.languageModel.layers', {
          count: r.numLayers,
          cell: r.cell.toUpperCase(),
          hidden: r.hiddenSize,
          tokenizer: t(`model.tokenizers.${spec.data.tokenizer ?? 'char'}`),
        })}
      </p>
      <p data-testid="language-model-vocab">
        {t('model.languageModel.vocab', { count: lm.vocabSize })}
      </p>
      <div className="model-summary__controls">
        <SelectField<TransferMode>
          label={t('model.languageModel.transfer')}
          value={transfer}
          options={[
            { value: 'features', label: t('model.languageModel.transferFeatures') },
            { value: 'fine-tune', label: t('model.languageModel.transferFineTune') },
          ]}
          testId="lm-transfer"
          onChange={(v) => studioStore.setSpec((s) => withTransfer(s, v, lm))}
        />
      </div>
      <p className="panel__hint" data-testid="lm-transfer-hint">
        {t(
          transfer === 'features'
            ? 'model.languageModel.featuresNote'
            : 'model.languageModel.defaults',
        )}
      </p>
      <div className="model-summary__controls">
        {transfer === 'fine-tune' && <FineTuneKnobs spec={spec} />}
        <button type="button" className="button" onClick={props.onReset}>
          {t('model.languageModel.remove')}
        </button>
      </div>
    </div>
  );
}

/** ULMFiT's two knobs, shown when the language model is fine-tuned. */
function FineTuneKnobs(props: { spec: RunSpec }) {
  const { t } = useTranslation();
  const { spec } = props;
  return (
    <>
      <CheckField
        label={t('model.languageModel.unfreeze')}
        checked={spec.train.unfreeze === 'gradual'}
        testId="lm-unfreeze"
        onChange={(v) =>
          studioStore.setSpec((s) => ({
            ...s,
            train: { ...s.train, unfreeze: v ? 'gradual' : 'none' },
          }))
        }
      />
      <NumberField
        label={t('model.languageModel.layerLrDecay')}
        value={spec.train.layerLrDecay ?? 1}
        min={1}
        max={100}
        step={0.1}
        testId="lm-layer-lr-decay"
        onChange={(v) =>
          studioStore.setSpec((s) => ({ ...s, train: { ...s.train, layerLrDecay: v } }))
        }
      />
    </>
  );
}
