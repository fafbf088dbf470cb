/** Picks a language model for one side (forward or backward): a finished generate run of this session reading that way, or a `.rnnmodel` opened from disk (the system dialog on the desktop, a file input in the browser). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { desktopApi } from '../../app/bridge.ts';
import { useRuns } from '../../app/runs.ts';
import { exportRunBundle } from '../try/tryModel.ts';
import { LanguageModelChoiceError, type LmSide } from './languageModel.ts';

/** A chosen model's refusal in the UI's language. */
export function choiceErrorText(t: TFunction, err: unknown): string {
  if (err instanceof LanguageModelChoiceError) {
    return t(`model.languageModel.errors.${err.code}`, err.params);
  }
  return err instanceof Error ? err.message : String(err);
}

/** A language model's bytes as loaded, with the granted path on the desktop; null when cancelled. */
export type LoadedModel = { bytes: Uint8Array; fileName: string; grantedPath?: string } | null;

/** Desktop: the system open dialog (main grants the file), then its bytes; null when cancelled. */
async function openModelOnDesktop(
  desktop: NonNullable<ReturnType<typeof desktopApi>>,
): Promise<LoadedModel> {
  const file = await desktop.openModelDialog();
  if (file === null) return null;
  const bytes = await desktop.readGrantedFile(file.path);
  return { bytes, fileName: file.name, grantedPath: file.path };
}

/** Finished generate runs reading `side`'s way (a run whose spec this window never saw is listed for both). */
function useLanguageModelRuns(side: LmSide): { runId: string; label: string }[] {
  const runs = useRuns((s) => s.runs);
  return runs
    .filter((r) => r.task === 'generate' && r.state === 'finished')
    .filter((r) => r.spec === undefined || (r.spec.model.direction ?? 'forward') === side)
    .map((r) => ({ runId: r.runId, label: r.label }));
}

/** The run list and the Open button; `testId` prefixes each control's test id. */
export function LanguageModelPicker(props: {
  side: LmSide;
  label: string;
  testId: string;
  onLoad: (load: () => Promise<LoadedModel>) => void;
}) {
  const { t } = useTranslation();
  const { side, testId, onLoad } = props;
  const runs = useLanguageModelRuns(side);
  const desktop = desktopApi();
  const selectId = `${testId}-run`;
  return (
    <div className="model-summary__controls">
      <div className="field">
        <label htmlFor={selectId}>{props.label}</label>
        <select
          id={selectId}
          className="select"
          data-testid={selectId}
          value=""
          disabled={runs.length === 0}
          onChange={(e) => {
            const runId = e.currentTarget.value;
            if (runId !== '') onLoad(() => exportRunBundle(runId));
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
          data-testid={`${testId}-open`}
          onClick={() => onLoad(() => openModelOnDesktop(desktop))}
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
            data-testid={`${testId}-file`}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file !== undefined) {
                onLoad(async () => ({
                  bytes: new Uint8Array(await file.arrayBuffer()),
                  fileName: file.name,
                }));
              }
            }}
          />
        </label>
      )}
    </div>
  );
}
