/** The word vectors of the selected run: a progress bar while the file is read before the first step, then what they covered. */
import { useTranslation } from 'react-i18next';
import type { RunView } from '../../app/runs.ts';
import { formatBytes, formatCount, formatPercent } from '../../components/format.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';

export function VectorsProgress({ vectors }: { vectors: NonNullable<RunView['readingVectors']> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { report } = vectors;
  if (report === undefined) {
    return (
      <div data-testid="vectors-progress">
        <ProgressBar
          label={t('model.wordVectors.title')}
          fraction={vectors.totalBytes === 0 ? 1 : vectors.bytesRead / vectors.totalBytes}
          detail={t('model.wordVectors.reading', {
            file: vectors.fileName,
            read: formatBytes(vectors.bytesRead, lng),
            total: formatBytes(vectors.totalBytes, lng),
          })}
        />
      </div>
    );
  }
  const share = (part: number, whole: number) => formatPercent(whole === 0 ? 0 : part / whole, lng);
  return (
    <p className="panel__hint" data-testid="vectors-coverage">
      {t('model.wordVectors.coverage', {
        file: vectors.fileName,
        covered: formatCount(report.coveredTypes, lng),
        types: formatCount(report.vocabTypes, lng),
        typeShare: share(report.coveredTypes, report.vocabTypes),
        tokenShare: share(report.coveredTokens, report.trainTokens),
        state: t(report.freeze ? 'model.wordVectors.frozen' : 'model.wordVectors.fineTuned'),
      })}
    </p>
  );
}
