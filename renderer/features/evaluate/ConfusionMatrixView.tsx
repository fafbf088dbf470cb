/** A confusion matrix as a table: gold classes in rows, predictions in columns, cells shaded by their share of the row. */
import { useTranslation } from 'react-i18next';
import type { ConfusionMatrix } from '../../../core/tasks/task.ts';
import { formatCount } from '../../components/format.ts';

export function ConfusionMatrixView({ matrix }: { matrix: ConfusionMatrix }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="table-scroll">
      <table className="confusion" data-testid="confusion-matrix">
        <caption className="visually-hidden">{t('evaluate.confusion.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="confusion__corner">
              {t('evaluate.confusion.goldPredicted')}
            </th>
            {matrix.labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.labels.map((gold, i) => {
            const row = matrix.counts[i] ?? [];
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={gold}>
                <th scope="row">{gold}</th>
                {row.map((n, j) => {
                  const share = total === 0 ? 0 : n / total;
                  return (
                    <td
                      key={matrix.labels[j]}
                      data-diagonal={i === j}
                      style={{ ['--share' as string]: share.toFixed(3) }}
                      title={`${gold} → ${matrix.labels[j]}: ${n}`}
                    >
                      {formatCount(n, lng)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
