/** Evaluate's side-by-side translations (source, reference, model output), each row with a button that shows its attention matrix below the table. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionMatrix } from '../../../core/tasks/task.ts';
import { AttentionView } from '../../components/explain/AttentionView.tsx';

export interface PairRow {
  source: string;
  reference: string;
  output: string;
  /** Absent when the model has no attention. */
  attention?: AttentionMatrix;
}

export function PairsTable({ rows }: { rows: readonly PairRow[] }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<number | null>(null);
  const withAttention = rows.some((r) => r.attention !== undefined);
  const shownRow = shown === null ? undefined : rows[shown];
  return (
    <>
      <div className="table-scroll">
        <table className="pairs-table" data-testid="side-by-side">
          <thead>
            <tr>
              <th scope="col">{t('evaluate.seq2seq.source')}</th>
              <th scope="col">{t('evaluate.seq2seq.reference')}</th>
              <th scope="col">{t('evaluate.seq2seq.output')}</th>
              {withAttention && <th scope="col">{t('evaluate.seq2seq.showAttention')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: pairs may repeat.
              <tr key={i} data-exact={r.output.trim() === r.reference.trim()}>
                <td>{r.source}</td>
                <td>{r.reference}</td>
                <td>{r.output}</td>
                {withAttention && (
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-pressed={shown === i}
                      aria-label={t('evaluate.seq2seq.attentionOf', { row: i + 1 })}
                      data-testid="show-attention"
                      onClick={() => setShown(shown === i ? null : i)}
                    >
                      {t('evaluate.seq2seq.showAttention')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!withAttention && rows.length > 0 && <AttentionView attention={undefined} />}
      {shownRow !== undefined && (
        <>
          <p className="panel__hint">
            {t('evaluate.seq2seq.attentionOf', { row: (shown as number) + 1 })}
          </p>
          <AttentionView attention={shownRow.attention} />
        </>
      )}
    </>
  );
}
